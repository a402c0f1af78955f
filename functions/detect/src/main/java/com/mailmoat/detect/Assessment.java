package com.mailmoat.detect;

import com.mailmoat.detect.model.MessageFeatures;
import java.util.Objects;

/**
 * A verdict together with the message's features for the learning layer, from one parse: what
 * a caller needs to judge a message now and learn from it later (when an administrator releases
 * or reports it) without fetching and parsing it again.
 *
 * @param verdict  the verdict, exactly as {@link DetectionEngine#evaluate} gives it
 * @param features the message's features (see {@link com.mailmoat.detect.model.DetectionModel#learn});
 *                 empty for input that is not an email
 */
public record Assessment(Verdict verdict, MessageFeatures features) {
    public Assessment {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(features, "features");
    }
}
