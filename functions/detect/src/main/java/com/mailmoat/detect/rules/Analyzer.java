package com.mailmoat.detect.rules;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.message.ParsedMessage;

/**
 * One family of checks over a parsed message. Implementations are built once from the
 * {@link RuleBook} and must be thread-safe; they report by firing rules on {@link Findings}.
 */
public interface Analyzer {

    /** Name used in reasons and in the rules file's {@code analyzer:} field. */
    String name();

    /** Examines the message and fires the rules that apply. Must not throw for any message. */
    void analyze(ParsedMessage message, TenantContext context, Findings findings);
}
