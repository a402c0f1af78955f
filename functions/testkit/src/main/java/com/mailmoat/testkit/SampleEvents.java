package com.mailmoat.testkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The sample events of {@code events/} (one or more per function: {@code <LogicalId>.json} and
 * {@code <LogicalId>-<variant>.json}), for handler tests that feed them through
 * {@code handleRequest} exactly as {@code sam local invoke -e} would.
 */
public final class SampleEvents {

    /** One sample: its file name (for test names) and the parsed event. */
    public record Sample<E>(String name, E event) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SampleEvents() {
    }

    public static List<Sample<APIGatewayV2HTTPEvent>> http(String function) {
        return load(function, path -> EventLoader.loadApiGatewayHttpEvent(path.toString()));
    }

    public static List<Sample<SQSEvent>> sqs(String function) {
        return load(function, path -> EventLoader.loadSQSEvent(path.toString()));
    }

    public static List<Sample<ScheduledEvent>> scheduled(String function) {
        return load(function, path -> EventLoader.loadScheduledEvent(path.toString()));
    }

    /** A state machine task's samples: the JSON object its Task state passes (Parameters). */
    @SuppressWarnings("unchecked")
    public static List<Sample<java.util.Map<String, Object>>> task(String function) {
        return load(function, path -> {
            try {
                return (java.util.Map<String, Object>) new com.fasterxml.jackson.databind.ObjectMapper()
                        .readValue(path.toFile(), java.util.Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The one sample of {@code events/<name>.json}. */
    public static APIGatewayV2HTTPEvent httpSample(String fileName) {
        return EventLoader.loadApiGatewayHttpEvent(Repository.root().resolve("events").resolve(fileName).toString());
    }

    private static <E> List<Sample<E>> load(String function, Function<Path, E> parse) {
        try (Stream<Path> files = Files.list(Repository.root().resolve("events"))) {
            List<Sample<E>> samples = files
                    .filter(p -> p.getFileName().toString().matches(function + "(-.*)?\\.json"))
                    .sorted()
                    .map(p -> new Sample<>(p.getFileName().toString(), parse.apply(p)))
                    .toList();
            if (samples.isEmpty()) {
                throw new IllegalStateException("No events/" + function + "*.json");
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
