package com.mailmoat.core.upgrade;

/** One of the customer's transport rules that Mailmoat's rules pushed down: its priority before and after. */
public record RuleMove(String name, int from, int to) {
}
