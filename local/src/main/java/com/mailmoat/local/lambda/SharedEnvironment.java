package com.mailmoat.local.lambda;

import com.mailmoat.local.template.FunctionDefinition;
import com.mailmoat.local.template.Intrinsics;
import com.mailmoat.local.template.TemplateException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment variables of every function, evaluated and merged into one set, because all
 * functions share one JVM locally and read their configuration from system properties of the
 * same names. Two functions that need different values for one name cannot share a JVM: that is
 * a start-up error naming both, rather than one function silently reading the other's value.
 */
public final class SharedEnvironment {
    /**
     * Per-function Powertools settings (service name, log level, ...). Powertools reads only the
     * real process environment, never system properties, so differing values cannot collide here.
     */
    private static final String PER_FUNCTION_PREFIX = "POWERTOOLS_";

    private SharedEnvironment() {
    }

    /** Every function's variables, evaluated; fails on a name two functions set differently. */
    public static Map<String, String> resolve(List<FunctionDefinition> functions, Intrinsics intrinsics) {
        Map<String, String> values = new TreeMap<>();
        Map<String, String> setBy = new TreeMap<>();
        for (FunctionDefinition function : functions) {
            function.environment().forEach((name, raw) -> {
                String value = intrinsics.resolveString(raw, function.logicalId() + ".Environment." + name);
                String previous = values.putIfAbsent(name, value);
                if (previous == null) {
                    setBy.put(name, function.logicalId());
                } else if (!previous.equals(value) && !name.startsWith(PER_FUNCTION_PREFIX)) {
                    throw new TemplateException("Environment variable " + name + " is '" + previous + "' for "
                            + setBy.get(name) + " but '" + value + "' for " + function.logicalId()
                            + "; functions share one JVM locally, so give them one value or distinct names");
                }
            });
        }
        values.keySet().removeIf(name -> name.startsWith(PER_FUNCTION_PREFIX));
        return values;
    }
}
