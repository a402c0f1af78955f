package com.mailmoat.adapters.m365;

import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records every Graph request that reaches the network (each retry is one), so tests can count
 * attempts instead of timing them.
 */
final class RequestLog implements Interceptor {
    record Entry(String method, String path, int status, String retryAfter, Instant sentAt, Instant answeredAt) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private volatile Consumer<Entry> onResponse = entry -> { };

    @Override
    public Response intercept(Chain chain) throws IOException {
        Instant sent = Instant.now();
        Response response = chain.proceed(chain.request());
        Entry entry = new Entry(chain.request().method(), chain.request().url().encodedPath(), response.code(),
                response.header("Retry-After"), sent, Instant.now());
        entries.add(entry);
        onResponse.accept(entry);
        return response;
    }

    /** Runs {@code action} on every answer from now on (e.g. to lift a fault after the first 429). */
    void onResponse(Consumer<Entry> action) {
        onResponse = action;
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    void clear() {
        entries.clear();
        onResponse = entry -> { };
    }
}
