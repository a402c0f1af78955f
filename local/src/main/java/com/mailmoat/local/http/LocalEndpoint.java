package com.mailmoat.local.http;

import java.util.Optional;

/**
 * A local-only HTTP endpoint served beside the API routes (the console's static files, the
 * outbox): it answers the requests it knows and leaves the rest to the next one.
 */
public interface LocalEndpoint {
    /** The response for {@code request}, or empty when this endpoint does not serve it. */
    Optional<HttpApiEvents.HttpResponse> handle(HttpApiEvents.HttpRequest request);
}
