package com.mailmoat.core.consent;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.microsoft.ConsentCallback;
import com.mailmoat.core.microsoft.ConsentGateway;
import com.mailmoat.core.microsoft.ConsentRejectedException;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.SignInRequest;
import com.mailmoat.core.microsoft.SignedInUser;
import com.mailmoat.core.microsoft.TenantDomain;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.scan.ScanRequests;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.session.Session;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Connects a Microsoft 365 tenant to an account in two Microsoft round trips: an OpenID Connect
 * sign-in (who is this, and are they a Global Administrator?) then the tenant-wide admin consent.
 * Every hop carries a fresh single-use state, stored hashed and bound to the session, the account
 * and the step, so a forged, replayed, expired or someone else's state gets nowhere.
 */
public final class ConsentFlow {
    static final Duration STATE_LIFETIME = Duration.ofMinutes(15);
    private static final String STEP = "step";
    private static final String SIGN_IN = "SIGN_IN";
    private static final String ADMIN_CONSENT = "ADMIN_CONSENT";

    private final AccountRepository accounts;
    private final TokenStore tokens;
    private final ConsentGateway microsoft;
    private final DirectoryGateway directory;
    private final NotificationQueue notifications;
    private final ScanRequests scans;
    private final Clock clock;

    public ConsentFlow(AccountRepository accounts, TokenStore tokens, ConsentGateway microsoft,
                       DirectoryGateway directory, NotificationQueue notifications, ScanRequests scans, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.microsoft = microsoft;
        this.directory = directory;
        this.notifications = notifications;
        this.scans = scans;
        this.clock = clock;
    }

    /** Starts the round trip: the Microsoft sign-in URL to send the administrator to. */
    public URI begin(Session session, ConsentPurpose purpose) {
        String state = SecretTokens.generate();
        SignInRequest signIn = microsoft.startSignIn(state);
        Map<String, String> attributes = new HashMap<>();
        attributes.put(STEP, SIGN_IN);
        attributes.put("purpose", purpose.name());
        attributes.put("session", session.sessionHash());
        attributes.put("nonce", signIn.nonce());
        attributes.put("codeVerifier", signIn.codeVerifier());
        storeState(state, session.accountId(), attributes);
        return signIn.authorizationUrl();
    }

    /** Handles Microsoft's redirect back, whichever step it ends. */
    public ConsentOutcome callback(Optional<Session> session, Map<String, String> query) {
        String stateValue = query.get("state");
        if (stateValue == null || stateValue.isBlank() || stateValue.length() > 200) {
            return refused(ConsentOutcome.Reason.INVALID_STATE);
        }
        // Spend the state first: whatever happens next, it can never be used again.
        Optional<StoredToken> taken = tokens.take(SecretTokens.hash(stateValue));
        if (session.isEmpty()) {
            return refused(ConsentOutcome.Reason.NO_SESSION);
        }
        Instant now = clock.instant();
        if (taken.isEmpty() || taken.get().kind() != TokenKind.OAUTH_STATE || taken.get().isExpiredAt(now)
                || !taken.get().accountId().equals(session.get().accountId())
                || !SecretTokens.equalsConstantTime(taken.get().attributes().get("session"), session.get().sessionHash())) {
            return refused(ConsentOutcome.Reason.INVALID_STATE);
        }
        StoredToken state = taken.get();
        try {
            return SIGN_IN.equals(state.attributes().get(STEP))
                    ? afterSignIn(session.get(), state, stateValue, query)
                    : afterAdminConsent(session.get(), state, stateValue, query);
        } catch (ConsentRejectedException e) {
            return switch (e.reason()) {
                case DENIED_BY_MICROSOFT -> refused(ConsentOutcome.Reason.DENIED_BY_MICROSOFT);
                case TENANT_MISMATCH -> refused(ConsentOutcome.Reason.OTHER_TENANT);
                case STATE_MISMATCH, MALFORMED_CALLBACK -> refused(ConsentOutcome.Reason.INVALID_STATE);
                default -> refused(ConsentOutcome.Reason.SIGN_IN_FAILED);
            };
        }
    }

    private ConsentOutcome afterSignIn(Session session, StoredToken state, String stateValue, Map<String, String> query) {
        ConsentCallback.SignInCompleted completed = microsoft.validateSignInCallback(query, stateValue);
        SignedInUser user = microsoft.completeSignIn(completed.code(), state.attributes().get("codeVerifier"),
                state.attributes().get("nonce"));
        if (!user.isGlobalAdministrator()) {
            return refused(ConsentOutcome.Reason.NOT_GLOBAL_ADMIN);
        }
        ConsentPurpose purpose = ConsentPurpose.valueOf(state.attributes().get("purpose"));
        Account account = accounts.findById(session.accountId()).orElseThrow();
        if (account.isTenantLinked() && !account.tenantId().equalsIgnoreCase(user.tenantId())) {
            return refused(ConsentOutcome.Reason.OTHER_TENANT);
        }
        String next = SecretTokens.generate();
        Map<String, String> attributes = new HashMap<>();
        attributes.put(STEP, ADMIN_CONSENT);
        attributes.put("purpose", purpose.name());
        attributes.put("session", session.sessionHash());
        attributes.put("tenantId", user.tenantId());
        storeState(next, session.accountId(), attributes);
        return new ConsentOutcome.ContinueAt(microsoft.adminConsentUrl(user.tenantId(), next));
    }

    private ConsentOutcome afterAdminConsent(Session session, StoredToken state, String stateValue,
                                             Map<String, String> query) {
        String tenantId = state.attributes().get("tenantId");
        microsoft.validateAdminConsentCallback(query, stateValue, tenantId);
        ConsentPurpose purpose = ConsentPurpose.valueOf(state.attributes().get("purpose"));
        if (directory.isTrialTenant(tenantId)) {
            return refused(ConsentOutcome.Reason.TRIAL_TENANT);
        }
        Account account = accounts.findById(session.accountId()).orElseThrow();
        if (account.isTenantLinked()) {
            if (!account.tenantId().equalsIgnoreCase(tenantId)) {
                return refused(ConsentOutcome.Reason.OTHER_TENANT);
            }
            return new ConsentOutcome.Connected(tenantId, purpose);
        }
        List<String> domains = directory.listDomains(tenantId).stream()
                .filter(TenantDomain::isVerified).map(TenantDomain::name).toList();
        if (!accounts.linkTenant(account.withTenant(tenantId, domains, organizationName(tenantId)))) {
            return refused(ConsentOutcome.Reason.TENANT_LINKED_ELSEWHERE);
        }
        Instant now = clock.instant();
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), account.accountId(),
                NotificationKind.SSO_CONSENT_GRANTED, account.email(), Map.of("tenantId", tenantId), now));
        scans.requestFirstScan(account.accountId(), tenantId);
        return new ConsentOutcome.Connected(tenantId, purpose);
    }

    /** The tenant's display name for the console, or null: a failure to read it never blocks the link. */
    private String organizationName(String tenantId) {
        try {
            return directory.organizationName(tenantId).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void storeState(String state, String accountId, Map<String, String> attributes) {
        tokens.put(new StoredToken(SecretTokens.hash(state), TokenKind.OAUTH_STATE, accountId,
                clock.instant().plus(STATE_LIFETIME), attributes));
    }

    private static ConsentOutcome.Refused refused(ConsentOutcome.Reason reason) {
        return new ConsentOutcome.Refused(reason, switch (reason) {
            case NO_SESSION -> "Sign in to the Mailmoat console first, then connect Microsoft 365 from the dashboard.";
            case INVALID_STATE -> "This sign-in link is not valid any more: it was already used, has expired, or was "
                    + "started from another session. Start again from the dashboard.";
            case DENIED_BY_MICROSOFT -> "Microsoft did not grant consent, so Mailmoat is not connected. You can try "
                    + "again whenever you are ready.";
            case SIGN_IN_FAILED -> "The Microsoft sign-in could not be completed. Start again from the dashboard.";
            case NOT_GLOBAL_ADMIN -> "Only a Global Administrator of the Microsoft 365 tenant can connect it. Sign in "
                    + "with a Global Administrator account.";
            case TRIAL_TENANT -> "Microsoft trial tenants are not supported. Connect a tenant with a paid Microsoft 365 "
                    + "subscription.";
            case TENANT_LINKED_ELSEWHERE -> "This Microsoft 365 tenant is already connected to another Mailmoat account.";
            case OTHER_TENANT -> "This account is connected to a different Microsoft 365 tenant. Sign in with an "
                    + "administrator of that tenant.";
        });
    }
}
