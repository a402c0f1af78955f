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
 * and the step, so a forged, replayed, expired or someone else's state gets nowhere; and a state
 * is spent only by the session it is bound to, so presenting someone else's gets nowhere either.
 */
public final class ConsentFlow {
    static final Duration STATE_LIFETIME = Duration.ofMinutes(15);
    /** At most one notice per window tells a tenant's owner of attempts to connect it elsewhere. */
    static final Duration ATTEMPT_NOTICE_WINDOW = Duration.ofHours(1);
    private static final String STEP = "step";
    private static final String SIGN_IN = "SIGN_IN";
    private static final String ADMIN_CONSENT = "ADMIN_CONSENT";
    /** Marks a state whose sign-in answer was recorded; the answer's fields follow. */
    private static final String RESULT = "result";
    private static final String RESULT_CODE = "result.code";
    private static final String RESULT_ERROR = "result.error";
    private static final int MAX_STATE_LENGTH = 200;
    /** Entra ID's codes are around 1-2 kB; anything far longer is not one. */
    private static final int MAX_CODE_LENGTH = 8192;
    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("[a-z_]{1,64}");

    private final AccountRepository accounts;
    private final TokenStore tokens;
    private final ConsentGateway microsoft;
    private final DirectoryGateway directory;
    private final NotificationQueue notifications;
    private final ScanRequests scans;
    private final Clock clock;
    private final ConsentFollowUp followUp;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    public ConsentFlow(AccountRepository accounts, TokenStore tokens, ConsentGateway microsoft,
                       DirectoryGateway directory, NotificationQueue notifications, ScanRequests scans, Clock clock) {
        this(accounts, tokens, microsoft, directory, notifications, scans, clock, ConsentFollowUp.NONE);
    }

    public ConsentFlow(AccountRepository accounts, TokenStore tokens, ConsentGateway microsoft,
                       DirectoryGateway directory, NotificationQueue notifications, ScanRequests scans, Clock clock,
                       ConsentFollowUp followUp) {
        this.followUp = followUp;
        this.accounts = accounts;
        this.tokens = tokens;
        this.microsoft = microsoft;
        this.directory = directory;
        this.notifications = notifications;
        this.scans = scans;
        this.clock = clock;
    }

    /** Records each tenant connected (disconnecting is offboarding's) in the account's activity log. */
    public ConsentFlow withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = java.util.Objects.requireNonNull(log, "log");
        return this;
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

    /**
     * Records Microsoft's answer to the sign-in, which Microsoft posts cross-site
     * ({@code response_mode=form_post}: the code never travels in a URL) and so arrives without the
     * SameSite=Lax session cookie. Nothing is redeemed or linked here: the answer is stored against
     * its single-use state, at most once, and the flow continues with a same-origin GET of the
     * callback ({@link #callback}) where the session is present and its binding is checked.
     *
     * @param form the posted fields: {@code state} and {@code code}, or {@code error} and
     *             {@code error_description}
     */
    public ConsentOutcome recordSignIn(Map<String, String> form) {
        String stateValue = form.get("state");
        if (!plausibleState(stateValue)) {
            return refused(ConsentOutcome.Reason.INVALID_STATE);
        }
        String hash = SecretTokens.hash(stateValue);
        Instant now = clock.instant();
        Optional<StoredToken> state = tokens.find(hash)
                .filter(t -> t.kind() == TokenKind.OAUTH_STATE && !t.isExpiredAt(now))
                .filter(t -> SIGN_IN.equals(t.attributes().get(STEP)));
        if (state.isEmpty()) {
            return refused(ConsentOutcome.Reason.INVALID_STATE);
        }
        Map<String, String> result = new HashMap<>();
        String error = blankToNull(form.get("error"));
        String code = blankToNull(form.get("code"));
        if (error != null) {
            result.put(RESULT, "error");
            result.put(RESULT_ERROR, ERROR_CODE.matcher(error).matches() ? error : "invalid_error");
        } else if (code != null && code.length() <= MAX_CODE_LENGTH) {
            result.put(RESULT, "code");
            result.put(RESULT_CODE, code);
        } else {
            return refused(ConsentOutcome.Reason.SIGN_IN_FAILED);
        }
        if (!tokens.annotateOnce(hash, RESULT, result)) {
            return refused(ConsentOutcome.Reason.INVALID_STATE);
        }
        return new ConsentOutcome.SignInRecorded(stateValue);
    }

    /**
     * Handles the same-origin GET that ends each step: after the recorded sign-in (see
     * {@link #recordSignIn}), and Microsoft's redirect back from admin consent. The session is
     * checked first, then the state's binding to it; only then is the state spent, so someone else
     * holding the URL can neither use nor cancel the administrator's flow.
     */
    public ConsentOutcome callback(Optional<Session> session, Map<String, String> query) {
        String stateValue = query.get("state");
        if (!plausibleState(stateValue)) {
            return refused(ConsentOutcome.Reason.INVALID_STATE);
        }
        if (session.isEmpty()) {
            return refused(ConsentOutcome.Reason.NO_SESSION);
        }
        String hash = SecretTokens.hash(stateValue);
        Instant now = clock.instant();
        if (!boundTo(tokens.find(hash), session.get(), now)) {
            return refused(ConsentOutcome.Reason.INVALID_STATE);
        }
        // Spend the state: of two racing requests of this session only one gets past here.
        Optional<StoredToken> taken = tokens.take(hash);
        if (!boundTo(taken, session.get(), now)) {
            return refused(ConsentOutcome.Reason.INVALID_STATE);
        }
        StoredToken state = taken.get();
        try {
            if (SIGN_IN.equals(state.attributes().get(STEP))) {
                Optional<Map<String, String>> answer = recordedSignIn(state, stateValue);
                if (answer.isEmpty()) {
                    // No answer was posted for this state (e.g. a code in a query string): refuse it.
                    return refused(ConsentOutcome.Reason.SIGN_IN_FAILED);
                }
                return afterSignIn(session.get(), state, stateValue, answer.get());
            }
            return afterAdminConsent(session.get(), state, stateValue, query);
        } catch (ConsentRejectedException e) {
            return switch (e.reason()) {
                case DENIED_BY_MICROSOFT -> refused(ConsentOutcome.Reason.DENIED_BY_MICROSOFT);
                case TENANT_MISMATCH -> refused(ConsentOutcome.Reason.OTHER_TENANT);
                case STATE_MISMATCH, MALFORMED_CALLBACK -> refused(ConsentOutcome.Reason.INVALID_STATE);
                default -> refused(ConsentOutcome.Reason.SIGN_IN_FAILED);
            };
        }
    }

    private static boolean plausibleState(String state) {
        return state != null && !state.isBlank() && state.length() <= MAX_STATE_LENGTH;
    }

    private static boolean boundTo(Optional<StoredToken> state, Session session, Instant now) {
        return state.isPresent() && state.get().kind() == TokenKind.OAUTH_STATE && !state.get().isExpiredAt(now)
                && state.get().accountId().equals(session.accountId())
                && SecretTokens.equalsConstantTime(state.get().attributes().get("session"), session.sessionHash());
    }

    /** The sign-in answer recorded against the state, as the callback parameters Microsoft posted. */
    private static Optional<Map<String, String>> recordedSignIn(StoredToken state, String stateValue) {
        Map<String, String> attributes = state.attributes();
        if ("code".equals(attributes.get(RESULT)) && attributes.get(RESULT_CODE) != null) {
            return Optional.of(Map.of("state", stateValue, "code", attributes.get(RESULT_CODE)));
        }
        if ("error".equals(attributes.get(RESULT)) && attributes.get(RESULT_ERROR) != null) {
            return Optional.of(Map.of("state", stateValue, "error", attributes.get(RESULT_ERROR)));
        }
        return Optional.empty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
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
        // The sign-in named the tenant: refuse now, before the administrator grants a consent that cannot be used.
        Optional<String> owner = otherOwner(account, user.tenantId());
        if (owner.isPresent()) {
            tellOwnerOfAttempt(owner.get(), user.tenantId(), user.userPrincipalName());
            return refused(ConsentOutcome.Reason.TENANT_LINKED_ELSEWHERE);
        }
        String next = SecretTokens.generate();
        Map<String, String> attributes = new HashMap<>();
        attributes.put(STEP, ADMIN_CONSENT);
        attributes.put("purpose", purpose.name());
        attributes.put("session", session.sessionHash());
        attributes.put("tenantId", user.tenantId());
        attributes.put("signedInAs", user.userPrincipalName());
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
            followUp.reconfirmed(account);
            return new ConsentOutcome.Connected(tenantId, purpose);
        }
        List<String> domains = directory.listDomains(tenantId).stream()
                .filter(TenantDomain::isVerified).map(TenantDomain::name).toList();
        String organization = organizationName(tenantId);
        if (!accounts.linkTenant(account.withTenant(tenantId, domains, organization))) {
            // Linked elsewhere between the sign-in and now: the owner hears of it all the same.
            otherOwner(account, tenantId).ifPresent(other -> tellOwnerOfAttempt(other, tenantId,
                    state.attributes().getOrDefault("signedInAs", "")));
            return refused(ConsentOutcome.Reason.TENANT_LINKED_ELSEWHERE);
        }
        Instant now = clock.instant();
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), account.accountId(),
                NotificationKind.SSO_CONSENT_GRANTED, account.email(),
                Map.of("tenantId", tenantId, "tenantName", organization == null ? "" : organization,
                        "tenantDomain", domains.stream().filter(d -> !d.endsWith(".onmicrosoft.com")).findFirst()
                                .orElse(domains.isEmpty() ? "" : domains.get(0))), now));
        String signedInAs = state.attributes().getOrDefault("signedInAs", "");
        activity.byAdministrator(account, com.mailmoat.core.activity.ActivityKind.MICROSOFT_365_CONNECTED, () -> "Connected the Microsoft 365 "
                + "tenant " + (organization == null || organization.isBlank() ? tenantId : organization + " (" + tenantId + ")")
                + (signedInAs.isBlank() ? "" : ", consent granted by " + signedInAs));
        scans.requestFirstScan(account.accountId(), tenantId);
        followUp.connected(accounts.findById(account.accountId()).orElseThrow());
        return new ConsentOutcome.Connected(tenantId, purpose);
    }

    /** The other account the tenant is linked to, if it is linked to one that is not {@code account}. */
    private Optional<String> otherOwner(Account account, String tenantId) {
        return accounts.tenantOwner(tenantId).filter(owner -> !owner.equals(account.accountId()));
    }

    /**
     * Tells the owner of the account the tenant is linked to that someone tried to connect it
     * elsewhere: who signed in (a user of the owner's own tenant) and when, nothing about the account
     * that asked. One notice per owner per hour: its id is fixed within the hour, so repeated
     * attempts (or a retried request) make one email and one in-app notice.
     */
    private void tellOwnerOfAttempt(String ownerAccountId, String tenantId, String signedInAs) {
        Optional<Account> owner = accounts.findById(ownerAccountId);
        if (owner.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long hour = now.getEpochSecond() / ATTEMPT_NOTICE_WINDOW.getSeconds();
        Map<String, String> params = new HashMap<>();
        params.put("tenantId", owner.get().tenantId() == null ? tenantId : owner.get().tenantId());
        params.put("tenantName", owner.get().tenantName() == null ? "" : owner.get().tenantName());
        params.put("signedInAs", signedInAs == null || signedInAs.isBlank() ? "A Global Administrator" : signedInAs);
        try {
            notifications.enqueue(new NotificationRequest("tenant-link-attempt-" + ownerAccountId + "-" + hour,
                    ownerAccountId, NotificationKind.TENANT_LINK_ATTEMPTED, owner.get().email(), params, now));
        } catch (RuntimeException e) {
            // The refusal stands whether or not the owner could be told.
        }
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
            case TENANT_LINKED_ELSEWHERE -> "This Microsoft 365 tenant is already connected to another Mailmoat account, "
                    + "so no consent was asked. That account's owner has been told of this attempt.";
            case OTHER_TENANT -> "This account is connected to a different Microsoft 365 tenant. Sign in with an "
                    + "administrator of that tenant.";
        });
    }
}
