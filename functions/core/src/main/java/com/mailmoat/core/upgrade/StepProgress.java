package com.mailmoat.core.upgrade;

import java.util.Objects;

/** One step as the console shows it; {@code error} says what went wrong and how to fix it (null otherwise). */
public record StepProgress(UpgradeStep step, StepStatus status, String error) {
    public StepProgress {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
    }

    public StepProgress with(StepStatus newStatus, String newError) {
        return new StepProgress(step, newStatus, newError);
    }
}
