package com.mailmoat.local.lambda;

import com.mailmoat.local.template.FunctionDefinition;
import com.mailmoat.local.template.Intrinsics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each function's environment as Lambda would give it, for running one function in a JVM of its
 * own against the running local stack (the cold-start benchmark does): {@code <LogicalId>.env}
 * with one {@code NAME=value} per line, unquoted (the format of {@code docker run --env-file}).
 * It holds the function's evaluated {@code Environment.Variables} (Globals, then its own) and the
 * settings that point its clients at the local stand-ins, under their environment-variable names
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_*}, {@code M365_*}, ...).
 */
public final class FunctionEnvironments {
    private FunctionEnvironments() {
    }

    /**
     * Writes one file per function into {@code dir}.
     *
     * @param stackSettings what the runtime sets for every function besides the template's variables
     *                      (system-property names; dotted Java-only names such as {@code aws.region}
     *                      are left out, the credentials are written as {@code AWS_ACCESS_KEY_ID} and
     *                      {@code AWS_SECRET_ACCESS_KEY})
     */
    public static void write(Path dir, List<FunctionDefinition> functions, Intrinsics intrinsics,
                             Map<String, String> stackSettings) throws IOException {
        Files.createDirectories(dir);
        for (FunctionDefinition function : functions) {
            Map<String, String> env = new TreeMap<>();
            function.environment().forEach((name, raw) ->
                    env.put(name, intrinsics.resolveString(raw, function.logicalId() + ".Environment." + name)));
            // The stack's settings win, as they do over the template's values in the shared JVM.
            stackSettings.forEach((name, value) -> {
                if (!name.contains(".")) {
                    env.put(name, value);
                }
            });
            env.put("AWS_ACCESS_KEY_ID", stackSettings.getOrDefault("aws.accessKeyId", "local"));
            env.put("AWS_SECRET_ACCESS_KEY", stackSettings.getOrDefault("aws.secretAccessKey", "local"));
            StringBuilder text = new StringBuilder();
            env.forEach((name, value) -> text.append(name).append('=').append(value.replace('\n', ' ')).append('\n'));
            Files.writeString(dir.resolve(function.logicalId() + ".env"), text);
        }
    }
}
