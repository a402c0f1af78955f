package com.mailmoat.adapters.m365;

import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.middleware.options.IShouldRetry;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Graph SDK clients: one OkHttp client (connection pool, TLS, middleware) shared by all tenants,
 * and one {@link GraphServiceClient} per tenant on top of it, since a client's authentication
 * provider fetches tokens for one tenant. Built by hand (no reflection, no DI container) for cold
 * starts.
 */
final class GraphClients {
    private final MicrosoftConfig config;
    private final AppTokens tokens;
    private final OkHttpClient httpClient;
    private final ConcurrentMap<String, GraphServiceClient> clients = new ConcurrentHashMap<>();

    GraphClients(MicrosoftConfig config, AppTokens tokens, TrustedTls tls, List<Interceptor> networkObservers) {
        this.config = config;
        this.tokens = tokens;
        RetryHandlerOption retries = new RetryHandlerOption(waitsWithin(config.retryPolicy().maxWait()),
                config.retryPolicy().maxRetries(), config.retryPolicy().backoffSeconds());
        OkHttpClient.Builder builder = GraphClientFactory.create(new RequestOption[]{retries})
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS);
        if (config.retryPolicy().maxRetries() == 0) {
            // No retries in process means none at all: OkHttp would otherwise silently resend a request
            // (also a POST it already sent) after some connection failures.
            builder.retryOnConnectionFailure(false);
            // ...except a read on a connection the server closed while it sat in the pool.
            builder.addInterceptor(new StaleConnectionRetry());
        }
        if (tls != null) {
            builder.sslSocketFactory(tls.sslContext().getSocketFactory(), tls.trustManager());
        }
        networkObservers.forEach(builder::addNetworkInterceptor);
        this.httpClient = builder.build();
    }

    /** The Graph client whose requests carry {@code tenantId}'s app token. */
    GraphServiceClient forTenant(String tenantId) {
        return clients.computeIfAbsent(tenantId, tenant -> {
            GraphServiceClient client = new GraphServiceClient(
                    new BaseBearerTokenAuthenticationProvider(new TenantTokenProvider(tenant)), httpClient);
            client.getRequestAdapter().setBaseUrl(config.graphBaseUrl().toString());
            return client;
        });
    }

    /** SnapStart priming: a throwaway client (no tenant's, nothing cached) builds requests and parses answers. */
    void prime() {
        GraphServiceClient client = new GraphServiceClient(
                new BaseBearerTokenAuthenticationProvider(new TenantTokenProvider("priming")), httpClient);
        client.getRequestAdapter().setBaseUrl(config.graphBaseUrl().toString());
        GraphPriming.run(client);
    }

    /** Graph's versioned root without trailing slash, e.g. {@code https://graph.microsoft.com/v1.0}. */
    String graphBaseUrl() {
        return config.graphBaseUrl().toString();
    }

    AppTokens tokens() {
        return tokens;
    }

    OkHttpClient httpClient() {
        return httpClient;
    }

    /**
     * Retries only when Microsoft's requested wait fits the in-process budget; a longer
     * {@code Retry-After} goes straight back to the caller as "throttled, retry after N".
     */
    private static IShouldRetry waitsWithin(Duration maxWait) {
        return (delay, executionCount, request, response) -> {
            Duration requested = RetryAfter.parse(response.header("Retry-After"), Instant.now()).orElse(Duration.ZERO);
            return requested.compareTo(maxWait) <= 0;
        };
    }

    /** Hands the tenant's MSAL token to the Graph SDK, for the configured Graph host only. */
    private final class TenantTokenProvider implements AccessTokenProvider {
        private final String tenantId;
        private final AllowedHostsValidator allowedHosts = new AllowedHostsValidator(config.graphHost());

        private TenantTokenProvider(String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public String getAuthorizationToken(URI uri, Map<String, Object> additionalAuthenticationContext) {
            if (!allowedHosts.isUrlHostValid(uri)) {
                return ""; // the SDK then sends no Authorization header: tokens never leave for other hosts
            }
            if (additionalAuthenticationContext != null && additionalAuthenticationContext.containsKey("claims")) {
                // The SDK is retrying a 401 that carried a claims challenge: the cached token is not good enough.
                tokens.rejectCurrent(tenantId);
            }
            return tokens.graphToken(tenantId);
        }

        @Override
        public AllowedHostsValidator getAllowedHostsValidator() {
            return allowedHosts;
        }
    }
}
