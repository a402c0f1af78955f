package com.mailmoat.core.upgrade;

/**
 * One of the customer's transport rules that Mailmoat's rules pushed down: its priority before and after.
 *
 * @param disclaimer the rule adds a disclaimer or hands mail to a connector, as disclaimer and signature services
 *                   do ({@link com.mailmoat.core.exchange.TransportRule#disclaimerType()}): such rules usually need
 *                   to be first again
 */
public record RuleMove(String name, int from, int to, boolean disclaimer) {

    public RuleMove(String name, int from, int to) {
        this(name, from, to, false);
    }
}
