package com.mailmoat.bench.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One cold start of one function, as Lambda's Java runtime does it: instantiate the handler with
 * its no-argument constructor (the init phase: the function's wiring builds its clients), then
 * deserialise the sample event with the runtime's own event serialisers and call
 * {@code handleRequest} once. Run in a fresh JVM whose class path is exactly the function's
 * deployment zip ({@code lib/*.jar}) plus this class and the serialisers;
 * {@code bench/scripts/cold-start.sh} does that.
 *
 * <pre>
 * java -Dcoldstart.t0=$(date +%s%N) -cp 'zip/lib/*:driver' com.mailmoat.bench.coldstart.ColdStart \
 *      HANDLER_CLASS EVENT_FILE [--prime] [--set TEXT=REPLACEMENT]... [--unique TEXT]...
 * </pre>
 *
 * <ul>
 *   <li>{@code --prime}: after init, run the SnapStart priming the wiring registered
 *       ({@code Priming.runAll()}, what CRaC's {@code beforeCheckpoint} runs when Lambda snapshots),
 *       so the first request is timed as a restored SnapStart instance would serve it.</li>
 *   <li>{@code --set}: replace text in the event (e.g. a session cookie placeholder).</li>
 *   <li>{@code --unique}: replace text in the event with a unique value per run (e.g. an e-mail
 *       address or a notification id, so every run does the full work, not a duplicate's).</li>
 * </ul>
 * Prints one line: {@code coldstart total_ms=... cpu_ms=... jvm_to_main_ms=... init_ms=... prime_ms=...
 * first_request_ms=... event_decode_ms=... handle_ms=... result=...}; {@code total_ms} is from
 * {@code coldstart.t0} (epoch nanoseconds taken by the script just before it starts the JVM) to the
 * first response, {@code cpu_ms} the process's CPU time until then (10 ms resolution), and
 * {@code first_request_ms} = {@code event_decode_ms} (the runtime's serialiser) + {@code handle_ms}.
 */
public final class ColdStart {
    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = now();
        Phase.mark(Phase.Started.class);
        long t0 = Long.parseLong(System.getProperty("coldstart.t0", Long.toString(mainAt)));
        String handlerClass = args[0];
        String event = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        boolean prime = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--prime" -> prime = true;
                case "--set" -> {
                    String[] pair = args[++i].split("=", 2);
                    event = event.replace(pair[0], pair[1]);
                }
                case "--unique" -> {
                    String text = args[++i];
                    String unique = Long.toString(System.nanoTime(), 36) + "-" + UUID.randomUUID().toString().substring(0, 8);
                    event = event.replace(text, text.contains("@") ? unique + text.substring(text.indexOf('@'))
                            : UUID.nameUUIDFromBytes(unique.getBytes(StandardCharsets.UTF_8)).toString());
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }

        // Init phase: what Lambda does once per execution environment.
        Class<?> type = Class.forName(handlerClass);
        Method handle = handleRequest(type);
        Object handler = type.getConstructor().newInstance();
        long initAt = now();
        Phase.mark(Phase.Initialised.class);
        long primedAt = initAt;
        if (prime) {
            // What Lambda's checkpoint runs: every wiring's registered priming (this JVM has no CRaC).
            Class.forName("com.mailmoat.lambda.snapstart.Priming").getMethod("runAll").invoke(null);
            primedAt = now();
            Phase.mark(Phase.Primed.class);
        }

        // First invoke: deserialise with the runtime's serialisers, call, and take the response.
        Class<?> eventType = handle.getParameterTypes()[0];
        @SuppressWarnings("unchecked")
        PojoSerializer<Object> serializer = (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(eventType,
                type.getClassLoader());
        Object input = serializer.fromJson(event);
        long decodedAt = now();
        Phase.mark(Phase.Decoded.class);
        Object output = handle.invoke(handler, input, new BenchContext(type.getSimpleName()));
        long doneAt = now();
        Phase.mark(Phase.Responded.class);
        long cpu = cpuNanos();

        System.out.printf("coldstart total_ms=%.1f cpu_ms=%.1f jvm_to_main_ms=%.1f init_ms=%.1f prime_ms=%.1f"
                        + " first_request_ms=%.1f event_decode_ms=%.1f handle_ms=%.1f result=%s%n",
                ms(doneAt - t0), ms(cpu), ms(mainAt - t0), ms(initAt - mainAt), ms(primedAt - initAt),
                ms(doneAt - primedAt), ms(decodedAt - primedAt), ms(doneAt - decodedAt), describe(output));
        System.exit(0); // Non-daemon client threads must not keep the JVM alive after the measurement.
    }

    private static Method handleRequest(Class<?> type) {
        List<Method> candidates = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.getName().equals("handleRequest") && method.getParameterCount() == 2
                    && method.getParameterTypes()[1] == Context.class && !method.isBridge()) {
                candidates.add(method);
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalStateException(type + " has " + candidates.size() + " handleRequest(X, Context) methods");
        }
        return candidates.get(0);
    }

    /** The HTTP status and Location, or the SQS batch failures: enough to see the request did its work. */
    private static String describe(Object output) {
        try {
            Method status = output.getClass().getMethod("getStatusCode");
            Method headers = output.getClass().getMethod("getHeaders");
            Object location = headers.invoke(output) instanceof java.util.Map<?, ?> map ? map.get("Location") : null;
            return "status:" + status.invoke(output) + (location == null ? "" : ",location:" + abbreviate(location.toString()));
        } catch (NoSuchMethodException e) {
            try {
                return "batchItemFailures:" + ((List<?>) output.getClass().getMethod("getBatchItemFailures").invoke(output)).size();
            } catch (ReflectiveOperationException f) {
                return abbreviate(String.valueOf(output));
            }
        } catch (ReflectiveOperationException e) {
            return abbreviate(String.valueOf(output));
        }
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    /**
     * CPU time of the whole process so far (every thread: main, JIT compiler, GC), from
     * {@code /proc/self/stat}; on one core it is what the wall time would be without other load.
     */
    private static long cpuNanos() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /**
     * Phase boundaries in a {@code -Xlog:class+load:file=F:uptime} log: each marker class is loaded
     * (an empty class, nothing else) when its phase ends, so the log's class loads split by phase.
     */
    static final class Phase {
        static final class Started { }
        static final class Initialised { }
        static final class Primed { }
        static final class Decoded { }
        static final class Responded { }

        static void mark(Class<?> phase) {
            phase.getName(); // referencing the class literal loaded it; nothing else to do
        }
    }

    /** The little of Lambda's context the handlers read. */
    private record BenchContext(String functionName) implements Context {
        @Override
        public String getAwsRequestId() {
            return "cold-start-bench";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "cold-start";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 20_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
