package com.mailmoat.core.setup;

/** One step of the onboarding checklist, in the order the administrator takes them. */
public record SetupStep(String id, String title, StepState state) {
}
