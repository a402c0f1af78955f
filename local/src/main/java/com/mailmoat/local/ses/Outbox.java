package com.mailmoat.local.ses;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Every email the local SES endpoint accepted, in order. With a file it is durable: each email is
 * appended as one JSON line before the sender gets its MessageId, and the file is read back at
 * start-up, so the outbox survives a restart like the rest of the data directory.
 */
public final class Outbox {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;
    private final List<SentEmail> emails = new ArrayList<>();

    private Outbox(Path file) {
        this.file = file;
    }

    /** An outbox kept in memory only. */
    public static Outbox inMemory() {
        return new Outbox(null);
    }

    /** An outbox persisted in {@code file} (JSON lines), loading what it already holds. */
    public static Outbox persistent(Path file) throws IOException {
        Outbox outbox = new Outbox(file);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    outbox.emails.add(JSON.readValue(line, SentEmail.class));
                }
            }
        } else {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        return outbox;
    }

    /** Records an accepted email (written through to the file, if any). */
    public synchronized void add(SentEmail email) {
        if (file != null) {
            try {
                Files.writeString(file, JSON.writeValueAsString(email) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the outbox " + file, e);
            }
        }
        emails.add(email);
    }

    /** Every email, newest first. */
    public synchronized List<SentEmail> newestFirst() {
        List<SentEmail> copy = new ArrayList<>(emails);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
