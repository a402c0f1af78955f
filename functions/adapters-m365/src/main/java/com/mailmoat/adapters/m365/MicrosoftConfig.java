package com.mailmoat.adapters.m365;

import com.mailmoat.core.config.Settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where and as whom the Microsoft 365 adapters talk to Microsoft.
 *
 * <table>
 * <caption>Configuration names (environment variables, or JVM system properties of the same name)</caption>
 * <tr><td>{@code M365_CLIENT_ID}</td><td>the multi-tenant app registration's client id (required)</td></tr>
 * <tr><td>{@code M365_CLIENT_SECRET}</td><td>its client secret, for local runs and tests</td></tr>
 * <tr><td>{@code M365_CLIENT_SECRET_NAME}</td><td>in AWS instead: the name of the secret holding it, resolved by
 *     the {@code secretReader} given to {@link #from(Settings, UnaryOperator)} (Powertools parameters)</td></tr>
 * <tr><td>{@code M365_LOGIN_BASE_URL}</td><td>default {@code https://login.microsoftonline.com}; must be https</td></tr>
 * <tr><td>{@code M365_GRAPH_BASE_URL}</td><td>default {@code https://graph.microsoft.com/v1.0}</td></tr>
 * <tr><td>{@code M365_EXCHANGE_BASE_URL}</td><td>Exchange Online's admin endpoint host, default
 *     {@code https://outlook.office365.com} (requests go to {@code <base>/adminapi/beta/<tenant>/InvokeCommand})</td></tr>
 * <tr><td>{@code M365_TRUSTED_CERT}</td><td>optional path of a PEM certificate to trust (the simulator's); when set,
 *     MSAL and the Graph SDK trust that certificate only</td></tr>
 * <tr><td>{@code M365_REDIRECT_URI}</td><td>the sign-in and consent callback, e.g. {@code https://app.example/api/sso/callback}
 *     (required by the consent gateway only)</td></tr>
 * <tr><td>{@code M365_SIGNIN_TENANT}</td><td>the authority tenant of the sign-in, default {@code organizations}</td></tr>
 * <tr><td>{@code M365_MAX_RETRIES}</td><td>retries of a throttled or unavailable Graph call, default 3</td></tr>
 * <tr><td>{@code M365_MAX_RETRY_WAIT_SECONDS}</td><td>longest in-process wait per retry, default 10 (decimals allowed)</td></tr>
 * </table>
 *
 * @param clientId           app registration client id
 * @param clientSecret       app registration secret (never logged), read when first needed
 * @param loginBaseUrl       the identity platform, without trailing slash
 * @param graphBaseUrl       Graph's versioned root, without trailing slash
 * @param trustedCertificate a PEM certificate to trust instead of the JVM's CAs
 * @param redirectUri        the callback Microsoft redirects to after sign-in and consent
 * @param signInTenant       {@code organizations}, {@code common} or a tenant id
 * @param retryPolicy        bounds on in-process retries
 * @param exchangeBaseUrl    Exchange Online's admin host, without trailing slash
 */
public record MicrosoftConfig(String clientId, ClientSecret clientSecret, URI loginBaseUrl, URI graphBaseUrl,
                              Optional<Path> trustedCertificate, Optional<URI> redirectUri, String signInTenant,
                              RetryPolicy retryPolicy, URI exchangeBaseUrl) {

    /** Exchange Online's admin host. */
    public static final URI EXCHANGE_DEFAULT_URL = URI.create("https://outlook.office365.com");
    /** The scope of app-only Exchange Online tokens: Exchange's resource id, whatever host serves it. */
    public static final String EXCHANGE_DEFAULT_SCOPE = "https://outlook.office365.com/.default";

    /** With Exchange Online's own admin host. */
    public MicrosoftConfig(String clientId, String clientSecret, URI loginBaseUrl, URI graphBaseUrl,
                           Optional<Path> trustedCertificate, Optional<URI> redirectUri, String signInTenant,
                           RetryPolicy retryPolicy) {
        this(clientId, ClientSecret.of(clientSecret), loginBaseUrl, graphBaseUrl, trustedCertificate, redirectUri,
                signInTenant, retryPolicy, EXCHANGE_DEFAULT_URL);
    }

    /** With a secret known now. */
    public MicrosoftConfig(String clientId, String clientSecret, URI loginBaseUrl, URI graphBaseUrl,
                           Optional<Path> trustedCertificate, Optional<URI> redirectUri, String signInTenant,
                           RetryPolicy retryPolicy, URI exchangeBaseUrl) {
        this(clientId, ClientSecret.of(clientSecret), loginBaseUrl, graphBaseUrl, trustedCertificate, redirectUri,
                signInTenant, retryPolicy, exchangeBaseUrl);
    }

    /** The scope of app-only Graph tokens: Graph's resource id, whatever host serves Graph. */
    public static final String GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";

    public MicrosoftConfig {
        requireText(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        loginBaseUrl = withoutTrailingSlash(Objects.requireNonNull(loginBaseUrl, "loginBaseUrl"));
        graphBaseUrl = withoutTrailingSlash(Objects.requireNonNull(graphBaseUrl, "graphBaseUrl"));
        if (!"https".equalsIgnoreCase(loginBaseUrl.getScheme())) {
            throw new IllegalArgumentException("MSAL needs an https login authority, got " + loginBaseUrl);
        }
        Objects.requireNonNull(trustedCertificate, "trustedCertificate");
        Objects.requireNonNull(redirectUri, "redirectUri");
        requireText(signInTenant, "signInTenant");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        exchangeBaseUrl = withoutTrailingSlash(exchangeBaseUrl == null ? EXCHANGE_DEFAULT_URL : exchangeBaseUrl);
    }

    /**
     * Reads the configuration. When {@code M365_CLIENT_SECRET} is not set, the secret named by
     * {@code M365_CLIENT_SECRET_NAME} is read through {@code secretReader} when first needed.
     */
    public static MicrosoftConfig from(Settings settings, UnaryOperator<String> secretReader) {
        ClientSecret secret = settings.find("M365_CLIENT_SECRET").map(ClientSecret::of)
                .orElseGet(() -> ClientSecret.readWhenNeeded(
                        () -> secretReader.apply(settings.require("M365_CLIENT_SECRET_NAME"))));
        RetryPolicy retries = new RetryPolicy(
                Integer.parseInt(settings.get("M365_MAX_RETRIES", String.valueOf(RetryPolicy.DEFAULT.maxRetries()))),
                settings.find("M365_MAX_RETRY_WAIT_SECONDS")
                        .map(seconds -> Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000)))
                        .orElse(RetryPolicy.DEFAULT.maxWait()),
                RetryPolicy.DEFAULT.backoffSeconds());
        return new MicrosoftConfig(
                settings.require("M365_CLIENT_ID"),
                secret,
                URI.create(settings.get("M365_LOGIN_BASE_URL", "https://login.microsoftonline.com")),
                URI.create(settings.get("M365_GRAPH_BASE_URL", "https://graph.microsoft.com/v1.0")),
                settings.find("M365_TRUSTED_CERT").map(Path::of),
                settings.find("M365_REDIRECT_URI").map(URI::create),
                settings.get("M365_SIGNIN_TENANT", "organizations"),
                retries,
                URI.create(settings.get("M365_EXCHANGE_BASE_URL", EXCHANGE_DEFAULT_URL.toString())));
    }

    /** The MSAL authority of a tenant: {@code <login base>/<tenant>/}. */
    public String authority(String tenant) {
        return loginBaseUrl + "/" + tenant + "/";
    }

    /** The host Graph requests go to; the only host that receives Graph tokens. */
    public String graphHost() {
        return graphBaseUrl.getHost();
    }

    /**
     * The same configuration with other retry bounds: queue consumers use none in process, so
     * throttled work waits on the queue (Retry-After as the message's delay), not in the function.
     */
    public MicrosoftConfig withRetryPolicy(RetryPolicy policy) {
        return new MicrosoftConfig(clientId, clientSecret, loginBaseUrl, graphBaseUrl, trustedCertificate, redirectUri,
                signInTenant, policy, exchangeBaseUrl);
    }

    @Override
    public String toString() {
        return "MicrosoftConfig[clientId=" + clientId + ", loginBaseUrl=" + loginBaseUrl + ", graphBaseUrl="
                + graphBaseUrl + ", trustedCertificate=" + trustedCertificate + ", redirectUri=" + redirectUri
                + ", signInTenant=" + signInTenant + ", retryPolicy=" + retryPolicy + ", exchangeBaseUrl=" + exchangeBaseUrl
                + "]";
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
