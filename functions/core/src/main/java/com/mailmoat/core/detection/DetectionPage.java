package com.mailmoat.core.detection;

import java.util.List;
import java.util.Optional;

/** One page of detections and where the next starts (empty on the last page). */
public record DetectionPage(List<Detection> items, Optional<String> nextCursor) {
    public DetectionPage {
        items = List.copyOf(items);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
