package com.mailmoat.detect.rules;

import com.mailmoat.detect.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the rules that fired on one message. A rule counts once however often it matches;
 * its first evidence is kept. Not thread-safe: one instance per evaluation.
 */
public final class Findings {

    private final RuleBook rules;
    private final Map<String, Reason> fired = new LinkedHashMap<>();

    public Findings(RuleBook rules) {
        this.rules = rules;
    }

    /** Fires rule {@code id} with {@code evidence}; rules missing from the rules file are ignored. */
    public void fire(String id, String evidence) {
        if (fired.containsKey(id)) {
            return;
        }
        Rule rule = rules.rule(id);
        if (rule == null) {
            return;
        }
        String ev = evidence == null ? "" : evidence;
        if (ev.length() > 300) {
            ev = ev.substring(0, 300) + "...";
        }
        fired.put(id, new Reason(rule.analyzer(), id, rule.message(), ev, rule.weight()));
    }

    /**
     * Fires rule {@code id} with a weight computed for this message (the learning layer's
     * contribution) instead of the rules file's; ignored when the rules file lacks the rule.
     */
    public void fire(String id, String evidence, double weight) {
        if (fired.containsKey(id)) {
            return;
        }
        Rule rule = rules.rule(id);
        if (rule == null) {
            return;
        }
        String ev = evidence == null ? "" : evidence;
        if (ev.length() > 300) {
            ev = ev.substring(0, 300) + "...";
        }
        fired.put(id, new Reason(rule.analyzer(), id, rule.message(), ev, weight));
    }

    /** True when rule {@code id} has fired. */
    public boolean has(String id) {
        return fired.containsKey(id);
    }

    /** Sum of the weights of the rules fired so far. */
    public double score() {
        double s = 0;
        for (Reason r : fired.values()) {
            s += r.weight();
        }
        return s;
    }

    /** The fired rules, in firing order. */
    public List<Reason> reasons() {
        return new ArrayList<>(fired.values());
    }
}
