package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.microsoft.graph.models.BaseCollectionPaginationCountResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ResponseHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs one Graph request for a tenant and turns what can go wrong into the core's typed failures.
 * Throttling and 5xx are retried (bounded; not at all with {@link RetryPolicy#NONE}, as queue
 * consumers and every writer configure it) by the SDK's retry handler underneath; this
 * layer adds the one thing that handler cannot do: when Graph rejects the token (401, e.g. it was
 * revoked or expired early), fetch a fresh one from Microsoft, bypassing MSAL's cache, and repeat
 * the request once.
 */
final class GraphCalls {
    private static final Logger LOG = LoggerFactory.getLogger(GraphCalls.class);
    /** When Graph says 429 without a usable Retry-After, ask the queue to wait this long. */
    static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofSeconds(10);

    private final GraphClients clients;

    GraphCalls(GraphClients clients) {
        this.clients = clients;
    }

    /**
     * Every item of a paged Graph collection: the first page, then each {@code @odata.nextLink}
     * followed untouched (and only on the configured Graph host, where tokens may go).
     */
    <P extends BaseCollectionPaginationCountResponse, T> List<T> collect(
            String tenantId, String what, Function<GraphServiceClient, P> first,
            BiFunction<GraphServiceClient, String, P> next, Function<P, List<T>> items) {
        List<T> all = new ArrayList<>();
        P page = run(tenantId, what, first);
        while (page != null) {
            all.addAll(Objects.requireNonNullElse(items.apply(page), List.of()));
            String link = page.getOdataNextLink();
            page = link == null ? null : run(tenantId, what + " (next page)", graph -> next.apply(graph, graphUrl(link)));
        }
        return all;
    }

    /** A paging link is only ever a Graph URL: never send a tenant's token anywhere else. */
    String graphUrl(String url) {
        String base = clients.graphBaseUrl();
        if (url == null || !url.startsWith(base + "/")) {
            throw new IllegalArgumentException("not a Graph paging link of " + base + ": " + url);
        }
        return url;
    }

    <T> T run(String tenantId, String what, Function<GraphServiceClient, T> request) {
        GraphServiceClient client = clients.forTenant(tenantId);
        try {
            try {
                return request.apply(client);
            } catch (ApiException rejected) {
                if (rejected.getResponseStatusCode() != 401) {
                    throw rejected;
                }
                LOG.info("Graph rejected the token of tenant {} ({}); fetching a new one", tenantId, what);
                clients.tokens().rejectCurrent(tenantId);
                return request.apply(client);
            }
        } catch (ApiException failure) {
            throw translate(what, failure);
        } catch (MicrosoftException typed) {
            throw typed;
        } catch (RuntimeException failure) {
            if (hasCause(failure, InterruptedIOException.class) && Thread.currentThread().isInterrupted()) {
                throw new MicrosoftUnavailableException(what + " interrupted", 0, failure);
            }
            if (hasCause(failure, IOException.class)) {
                throw new MicrosoftUnavailableException(what + ": cannot reach Graph", 0, failure);
            }
            throw failure;
        }
    }

    static MicrosoftException translate(String what, ApiException failure) {
        int status = failure.getResponseStatusCode();
        String code = errorCode(failure);
        String detail = what + " failed with HTTP " + status + describe(failure);
        if (status == 429) {
            Duration wait = header(failure.getResponseHeaders(), "Retry-After")
                    .flatMap(value -> RetryAfter.parse(value, Instant.now()))
                    .orElse(DEFAULT_THROTTLE_WAIT);
            return new MicrosoftThrottledException(detail, wait, code);
        }
        if (status >= 500 || status == 0) {
            return new MicrosoftUnavailableException(detail, status, code, failure);
        }
        if (status == 404 || "MailboxNotEnabledForRESTAPI".equals(code)) {
            return new MicrosoftNotFoundException(detail, code, failure);
        }
        if (status == 401 || status == 403) {
            return new MicrosoftAccessDeniedException(detail, code, failure);
        }
        return new MicrosoftException(detail, code, failure);
    }

    /** Microsoft's OData error code ({@code ErrorItemNotFound}, ...), or empty. */
    private static String errorCode(ApiException failure) {
        if (failure instanceof ODataError odata && odata.getError() != null && odata.getError().getCode() != null) {
            return odata.getError().getCode();
        }
        return "";
    }

    /** The HTTP status behind a translated failure, or 0 when there was no response. */
    static int statusOf(MicrosoftException failure) {
        return failure.getCause() instanceof ApiException api ? api.getResponseStatusCode() : 0;
    }

    private static String describe(ApiException failure) {
        if (failure instanceof ODataError odata && odata.getError() != null) {
            return " (" + odata.getError().getCode() + ": " + odata.getError().getMessage() + ")";
        }
        return "";
    }

    private static java.util.Optional<String> header(ResponseHeaders headers, String name) {
        if (headers == null) {
            return java.util.Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue)
                .flatMap(Set::stream)
                .findFirst();
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
