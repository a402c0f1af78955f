package com.mailmoat.lambda;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapper of a function instance (thread-safe once configured): HTTP bodies, queue
 * messages and stored JSON attributes all go through it.
 */
public final class Json {
    /** Far deeper than any request or message we define; deeper input is refused as malformed. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longer than any value we accept (bodies are limited to 64 kB anyway). */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** Numbers of more digits are refused rather than parsed. */
    public static final int MAX_NUMBER_LENGTH = 100;

    public static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH).build());
        // {"email":"a@x","email":"b@y"} is refused, not read as whichever came last.
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
