package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.ConsentGateway;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessageLookup;
import com.mailmoat.core.realtime.MessageDelta;
import com.mailmoat.core.realtime.SubscriptionGateway;
import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.microsoft.TenantAccess;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Microsoft 365 gateways once, sharing one HTTP client, one set of Graph clients and
 * MSAL's static applications (and so their token caches). A function's wiring builds one
 * instance, once:
 *
 * <pre>{@code
 * MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets::get));
 * ... microsoft.mailboxes().firstMessages(tenantId, mailboxId, since, 100);
 * }</pre>
 */
public final class MicrosoftAdapters {
    private final MicrosoftConfig config;
    private final AppTokens tokens;
    private final GraphClients graphClients;
    private final MailboxGateway mailboxes;
    private final DirectoryGateway directory;
    private final SubscriptionGateway subscriptions;
    private final MessageLookup messages;
    private final MessageDelta delta;
    private final OkHttpClient loginHttp;
    private final ExchangeAdminClient exchange;
    private final TenantAccess access;
    private volatile ConsentGateway consent;

    public MicrosoftAdapters(MicrosoftConfig config) {
        this(config, List.of());
    }

    /** With OkHttp network interceptors that observe every Graph request (tests count attempts with it). */
    MicrosoftAdapters(MicrosoftConfig config, List<Interceptor> graphObservers) {
        this.config = config;
        TrustedTls tls = config.trustedCertificate().map(TrustedTls::fromPem).orElse(null);
        this.tokens = new AppTokens(config, tls == null ? null : tls.sslContext().getSocketFactory());
        this.graphClients = new GraphClients(config, tokens, tls, graphObservers);
        GraphCalls calls = new GraphCalls(graphClients);
        this.mailboxes = new GraphMailboxGateway(calls, new GraphBatch(graphClients));
        this.directory = new GraphDirectoryGateway(calls);
        this.subscriptions = new GraphSubscriptionGateway(calls);
        this.messages = new GraphMessageLookup(calls);
        this.delta = new GraphMessageDelta(calls);
        OkHttpClient.Builder login = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(15, TimeUnit.SECONDS);
        if (tls != null) {
            login.sslSocketFactory(tls.sslContext().getSocketFactory(), tls.trustManager());
        }
        this.loginHttp = login.build();
        OkHttpClient.Builder exchangeHttp = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS);
        if (tls != null) {
            exchangeHttp.sslSocketFactory(tls.sslContext().getSocketFactory(), tls.trustManager());
        }
        this.exchange = new ExchangeAdminClient(config, tokens, exchangeHttp.build());
        this.access = new MsalTenantAccess(tokens);
    }

    /** Exchange Online's mail-flow administration (transport rules), app-only. */
    public ExchangeAdmin exchange() {
        return exchange;
    }

    /** The permissions granted to Mailmoat's app in a tenant, and the tokens held for it. */
    public TenantAccess tenantAccess() {
        return access;
    }

    public MicrosoftConfig config() {
        return config;
    }

    public MailboxGateway mailboxes() {
        return mailboxes;
    }

    public DirectoryGateway directory() {
        return directory;
    }

    /** Graph change-notification subscriptions to new mail. */
    public SubscriptionGateway subscriptions() {
        return subscriptions;
    }

    /** Single messages and well-known folders by id (the real-time path). */
    public MessageLookup messageLookup() {
        return messages;
    }

    /** Delta queries on mail folders (the real-time catch-up). */
    public MessageDelta messageDelta() {
        return delta;
    }

    /** The sign-in and consent gateway; needs {@code M365_REDIRECT_URI}. */
    public ConsentGateway consent() {
        ConsentGateway gateway = consent;
        if (gateway == null) {
            synchronized (this) {
                if (consent == null) {
                    consent = new MsalConsentGateway(config, tokens,
                            new IdTokenValidator(config,
                            IdTokenValidator.openIdKeys(config, loginHttp, Clock.systemUTC()), Clock.systemUTC()));
                }
                gateway = consent;
            }
        }
        return gateway;
    }

    /**
     * SnapStart priming, sending nothing to Microsoft: MSAL's sign-in application and an authorization
     * URL (when a redirect URI is configured), a Graph client building the gateways' requests and
     * parsing answers shaped like Graph's, and the key and token parsing of id-token validation.
     */
    public void prime() {
        if (config.redirectUri().isPresent()) {
            consent().startSignIn("priming");
        }
        graphClients.prime();
        exchange.prime();
        IdTokenValidator.prime(config);
    }

    /** How many app tokens came from Microsoft rather than MSAL's cache, for tests and metrics. */
    int tokensFromMicrosoft() {
        return tokens.tokensFromMicrosoft();
    }
}
