package com.mailmoat.core.upgrade;

/** A customer transport rule's priority before Mailmoat installed its own. */
public record RulePosition(String name, int priority) {
}
