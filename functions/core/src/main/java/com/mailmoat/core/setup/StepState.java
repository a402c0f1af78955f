package com.mailmoat.core.setup;

/** Where an onboarding step stands. NOT_AVAILABLE_YET marks steps whose capability is not built. */
public enum StepState {
    DONE,
    TODO,
    NOT_AVAILABLE_YET
}
