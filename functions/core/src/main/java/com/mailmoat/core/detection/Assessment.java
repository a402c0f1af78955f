package com.mailmoat.core.detection;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The detection engine's verdict on one message, in core's terms. */
public record Assessment(ThreatLevel level, double score, Set<String> categories, List<Evidence> reasons) {
    public Assessment {
        Objects.requireNonNull(level, "level");
        categories = Set.copyOf(categories);
        reasons = List.copyOf(reasons);
    }

    public boolean flagged() {
        return level != ThreatLevel.CLEAN;
    }
}
