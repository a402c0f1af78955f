package com.mailmoat.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the local runtime's SES outbox, where every email Mailmoat sends ends up. */
final class Outbox {
    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private Outbox() {
    }

    static List<JsonNode> emailsTo(String address) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode email : Browser.forLocalStack().get("/local/outbox").json()) {
            for (JsonNode to : email.path("to")) {
                if (to.asText().equalsIgnoreCase(address)) {
                    found.add(email);
                }
            }
        }
        return found;
    }

    /** Waits (the notifications queue is asynchronous) for an email to the address matching the test. */
    static JsonNode await(String address, Predicate<JsonNode> matching) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode email : emailsTo(address)) {
                if (matching.test(email)) {
                    return email;
                }
            }
            sleep(100);
        }
        throw new AssertionError("No matching email to " + address + " arrived; outbox has " + emailsTo(address));
    }

    static JsonNode awaitSubject(String address, String subjectPart) {
        return await(address, e -> e.path("subject").asText().contains(subjectPart));
    }

    /** Waits until {@code count} emails to the address match the subject, and returns the newest. */
    static JsonNode awaitNth(String address, String subjectPart, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<JsonNode> matching = emailsTo(address).stream()
                    .filter(e -> e.path("subject").asText().contains(subjectPart)).toList();
            if (matching.size() >= count) {
                return matching.get(0); // the outbox lists the newest first
            }
            sleep(100);
        }
        throw new AssertionError("Fewer than " + count + " emails '" + subjectPart + "' to " + address + " arrived");
    }

    static long count(String address, String subjectPart) {
        return emailsTo(address).stream().filter(e -> e.path("subject").asText().contains(subjectPart)).count();
    }

    static String firstLink(JsonNode email) {
        Matcher m = LINK.matcher(email.path("text").asText());
        if (!m.find()) {
            throw new AssertionError("No link in " + email);
        }
        return m.group();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
