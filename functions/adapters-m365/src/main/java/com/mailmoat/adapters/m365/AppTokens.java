package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import com.microsoft.aad.msal4j.TokenSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocketFactory;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * App-only access tokens for Graph, one tenant at a time, from MSAL4J's client-credentials flow.
 *
 * <p>MSAL's token cache lives inside its {@link ConfidentialClientApplication}, so the
 * applications are kept in a static registry, one per client and tenant authority: every gateway,
 * request and warm Lambda invocation of the JVM reuses the same cached token until it nears
 * expiry. A token Graph rejected (401) is skipped once: the next request bypasses the cache.
 */
final class AppTokens {
    private static final Logger LOG = LoggerFactory.getLogger(AppTokens.class);
    private static final ConcurrentMap<String, ConfidentialClientApplication> APPLICATIONS = new ConcurrentHashMap<>();
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    private static final Set<String> GRAPH_SCOPES = Set.of(MicrosoftConfig.GRAPH_DEFAULT_SCOPE);
    private static final Set<String> EXCHANGE_SCOPES = Set.of(MicrosoftConfig.EXCHANGE_DEFAULT_SCOPE);

    private final MicrosoftConfig config;
    private final SSLSocketFactory sslSocketFactory;
    private final ConcurrentMap<String, String> rejectedTokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> rejectedExchangeTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokensFromMicrosoft = new AtomicInteger();

    AppTokens(MicrosoftConfig config, SSLSocketFactory sslSocketFactory) {
        this.config = config;
        this.sslSocketFactory = sslSocketFactory;
    }

    /** The registry's key of this client (the secret is read here, on first use, not at start). */
    private String clientKey() {
        return config.clientId() + "|" + sha256(config.clientSecret().value()) + "|"
                + config.trustedCertificate().map(Object::toString).orElse("");
    }

    /** A Graph token for {@code tenantId}: from MSAL's cache unless Graph rejected the cached one. */
    String graphToken(String tenantId) {
        return token(tenantId, GRAPH_SCOPES, rejectedTokens);
    }

    /** Graph answered 401 to the tenant's current token: the next {@link #graphToken} fetches a new one. */
    void rejectCurrent(String tenantId) {
        rejectedTokens.put(tenantId, acquire(tenantId, GRAPH_SCOPES, false).accessToken());
    }

    /** An Exchange Online token for {@code tenantId} (scope {@code https://outlook.office365.com/.default}). */
    String exchangeToken(String tenantId) {
        return token(tenantId, EXCHANGE_SCOPES, rejectedExchangeTokens);
    }

    /** Exchange answered 401 to the tenant's current token: the next {@link #exchangeToken} fetches a new one. */
    void rejectCurrentExchange(String tenantId) {
        rejectedExchangeTokens.put(tenantId, acquire(tenantId, EXCHANGE_SCOPES, false).accessToken());
    }

    /** The application roles ({@code roles} claim) of the tenant's current Graph and Exchange tokens. */
    Set<String> grantedRoles(String tenantId) {
        Set<String> roles = new java.util.TreeSet<>(TokenClaims.roles(graphToken(tenantId)));
        roles.addAll(TokenClaims.roles(exchangeToken(tenantId)));
        return roles;
    }

    /** Drops the tenant's MSAL application, and with it every token cached for the tenant; returns how many. */
    int forget(String tenantId) {
        int dropped = APPLICATIONS.remove(clientKey() + "|" + config.authority(tenantId)) == null ? 0 : 1;
        rejectedTokens.remove(tenantId);
        rejectedExchangeTokens.remove(tenantId);
        return dropped;
    }

    private String token(String tenantId, Set<String> scopes, ConcurrentMap<String, String> rejectedByTenant) {
        IAuthenticationResult result = acquire(tenantId, scopes, false);
        String rejected = rejectedByTenant.get(tenantId);
        if (rejected != null && rejected.equals(result.accessToken())) {
            result = acquire(tenantId, scopes, true);
        }
        rejectedByTenant.remove(tenantId, rejected);
        return result.accessToken();
    }

    /** How many tokens came from Microsoft rather than the cache (for tests and metrics). */
    int tokensFromMicrosoft() {
        return tokensFromMicrosoft.get();
    }

    private IAuthenticationResult acquire(String tenantId, Set<String> scopes, boolean skipCache) {
        if (tenantId == null || !TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("not a tenant id: " + tenantId);
        }
        ConfidentialClientApplication application = application(config.authority(tenantId));
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(scopes).skipCache(skipCache).build();
        try {
            IAuthenticationResult result = application.acquireToken(parameters).get();
            // MSAL marks tokens it fetched; cache hits carry CACHE or, in 1.26, no source at all.
            if (result.metadata() != null && result.metadata().tokenSource() == TokenSource.IDENTITY_PROVIDER) {
                tokensFromMicrosoft.incrementAndGet();
                LOG.debug("Acquired a token for {} for tenant {} (skipCache={})", scopes, tenantId, skipCache);
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicrosoftUnavailableException("interrupted while acquiring a token", 0, e);
        } catch (ExecutionException | CompletionException e) {
            throw translate(tenantId, e.getCause() == null ? e : e.getCause());
        }
    }

    /** The registry's application for an authority, e.g. the sign-in authority of the consent flow. */
    ConfidentialClientApplication application(String authority) {
        return APPLICATIONS.computeIfAbsent(clientKey() + "|" + authority, key -> {
            try {
                ConfidentialClientApplication.Builder builder = ConfidentialClientApplication
                        .builder(config.clientId(), ClientCredentialFactory.createFromSecret(config.clientSecret().value()))
                        .authority(authority)
                        // Never ask Microsoft's discovery endpoint about the authority's host.
                        .instanceDiscovery(false)
                        .connectTimeoutForDefaultHttpClient(10_000)
                        .readTimeoutForDefaultHttpClient(15_000);
                if (sslSocketFactory != null) {
                    builder.sslSocketFactory(sslSocketFactory);
                }
                portAwareInstanceMetadata(authority).ifPresent(builder::aadInstanceDiscoveryResponse);
                return builder.build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad authority " + authority, e);
            }
        });
    }

    /**
     * MSAL4J 1.26 stores tokens under the authority's host without port ({@code URL.getHost()}) but
     * looks them up under host and port ({@code URL.getAuthority()}), so with an explicit port (the
     * simulator's) every lookup misses and each request fetches a new token. Declaring both names
     * aliases of one cloud instance, exactly what Microsoft's instance discovery would answer for
     * them, makes the cache hit again. Not needed for Microsoft's own hosts (no port).
     */
    static Optional<String> portAwareInstanceMetadata(String authority) {
        java.net.URI uri = java.net.URI.create(authority);
        if (uri.getPort() == -1) {
            return Optional.empty();
        }
        String host = uri.getHost();
        String hostAndPort = host + ":" + uri.getPort();
        return Optional.of("{\"tenant_discovery_endpoint\":\"" + authority + "v2.0/.well-known/openid-configuration\","
                + "\"api-version\":\"1.1\",\"metadata\":[{\"preferred_network\":\"" + host + "\","
                + "\"preferred_cache\":\"" + host + "\",\"aliases\":[\"" + host + "\",\"" + hostAndPort + "\"]}]}");
    }

    static MicrosoftException translate(String tenantId, Throwable failure) {
        if (failure instanceof MsalThrottlingException throttled) {
            return new MicrosoftThrottledException("token endpoint throttled for tenant " + tenantId,
                    Duration.ofMillis(Math.max(0, throttled.retryInMs())));
        }
        if (failure instanceof MsalServiceException service) {
            int status = service.statusCode() == null ? 0 : service.statusCode();
            if (status == 429) {
                Duration wait = header(service.headers(), "Retry-After")
                        .flatMap(value -> RetryAfter.parse(value, Instant.now()))
                        .orElse(Duration.ofSeconds(5));
                return new MicrosoftThrottledException("token endpoint throttled for tenant " + tenantId, wait);
            }
            if (status >= 500) {
                return new MicrosoftUnavailableException("token endpoint failed for tenant " + tenantId, status, service);
            }
            // invalid_client, unauthorized_client, AADSTS7000229 (no service principal: consent missing)...
            return new MicrosoftAccessDeniedException("Microsoft refused a token for tenant " + tenantId + ": "
                    + service.errorCode(), service);
        }
        if (failure instanceof MsalClientException client) {
            return new MicrosoftUnavailableException("cannot reach the token endpoint for tenant " + tenantId
                    + ": " + client.getMessage(), 0, client);
        }
        return new MicrosoftException("token acquisition failed for tenant " + tenantId, failure);
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .findFirst();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
