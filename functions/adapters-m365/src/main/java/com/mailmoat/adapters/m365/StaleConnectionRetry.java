package com.mailmoat.adapters.m365;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a read (GET, HEAD) once more on a fresh connection when its connection failed before an
 * answer came, for clients that otherwise never retry in process (queue workers leave waiting to
 * their queue). OkHttp reuses a pooled connection for a GET without probing it, so a connection the
 * server closed while idle fails with "unexpected end of stream"; without this, such a read counted as
 * "Microsoft unavailable" and deferred the whole work item. Writes are never resent (a move may have
 * been applied); timeouts are not retried (the wait was spent already).
 */
final class StaleConnectionRetry implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(StaleConnectionRetry.class);
    private static final Set<String> READS = Set.of("GET", "HEAD");

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!READS.contains(request.method())) {
            return chain.proceed(request);
        }
        try {
            return chain.proceed(request);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            if (chain.call().isCanceled()) {
                throw e;
            }
            LOG.info("{} {} failed on its connection ({}); sent once more", request.method(), request.url().encodedPath(),
                    e.getMessage());
            return chain.proceed(request);
        }
    }
}
