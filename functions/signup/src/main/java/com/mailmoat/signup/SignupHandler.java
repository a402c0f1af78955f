package com.mailmoat.signup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.recipients.AlertRecipients;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.signup.AccountClosure;
import com.mailmoat.core.signup.SetPasswordResult;
import com.mailmoat.core.signup.SignupResult;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.core.twostep.TwoStepCodes;
import com.mailmoat.core.twostep.TwoStepSettings;
import com.mailmoat.core.twostep.TwoStepUnavailableException;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import com.mailmoat.lambda.http.KnownBrowserCookie;
import com.mailmoat.lambda.http.MinimumDuration;
import com.mailmoat.lambda.http.PasswordErrors;
import com.mailmoat.lambda.http.RetryableApiError;
import com.mailmoat.lambda.http.SessionCookie;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up, the set-password and reset links, login (with its two-step code), logout, two-step sign-in
 * and closing the account; and the links emailed to extra alert recipients (confirm, unsubscribe),
 * which need no session: the token in the link is the only authority.
 */
public final class SignupHandler extends HttpApiHandler {
    /** Promises no new email: at most one per address per window goes out, and an earlier link stays valid. */
    static String acceptedSignup(long windowMinutes) {
        return "If the address can be used, we email it a link to set your password (or, if it already has an "
                + "account, how to sign in). We send at most one such email every " + windowMinutes + " minutes, "
                + "and a link sent in the last " + windowMinutes + " minutes is still valid: if you asked recently, "
                + "use that email. Check your junk or spam folder.";
    }

    static String acceptedReset(long windowMinutes) {
        return "If the address has a Mailmoat account, we email it a link to choose a new password. We send at most "
                + "one such email every " + windowMinutes + " minutes, and a link sent in the last " + windowMinutes
                + " minutes is still valid: if you asked recently, use that email. Check your junk or spam folder.";
    }

    private static final Logger LOG = LoggerFactory.getLogger(SignupHandler.class);

    private final SignupService signups;
    private final LoginService logins;
    private final Sessions sessions;
    private final AccountClosure closures;
    private final TwoStepSettings twoStep;
    private final Clock clock;
    private final MinimumDuration sameTiming;
    private AlertRecipients alertRecipients;

    public SignupHandler() {
        this(SignupWiring.instance());
    }

    private SignupHandler(SignupWiring wiring) {
        this(wiring.signups, wiring.logins, wiring.sessions, wiring.closures, wiring.twoStep, wiring.consoleUrl,
                wiring.clock, wiring.sameTiming);
        withAlertRecipients(wiring.alertRecipients);
    }

    public SignupHandler(SignupService signups, LoginService logins, Sessions sessions, AccountClosure closures,
                         TwoStepSettings twoStep, String consoleUrl, Clock clock, MinimumDuration sameTiming) {
        super(consoleUrl);
        this.signups = signups;
        this.logins = logins;
        this.sessions = sessions;
        this.closures = closures;
        this.twoStep = twoStep;
        this.clock = clock;
        this.sameTiming = sameTiming;
    }

    /** With the confirm and unsubscribe links of extra alert recipients. */
    public SignupHandler withAlertRecipients(AlertRecipients recipients) {
        this.alertRecipients = recipients;
        return this;
    }

    /** The one-click unsubscribe of RFC 8058: the recipient's mail provider POSTs a form to the link, without an Origin of ours. */
    static final String UNSUBSCRIBE = "POST /api/alert-recipients/unsubscribe";

    /**
     * The unsubscribe link is posted by mail providers (one-click, {@code application/x-www-form-urlencoded}
     * or {@code multipart/form-data}) as well as by the console's page (JSON): it is authenticated by its
     * token alone, never reads the session, and only stops emails.
     */
    @Override
    protected boolean acceptsWebhook(ApiRequest request) {
        return UNSUBSCRIBE.equals(request.routeKey());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (TwoStepUnavailableException e) {
            // Never "off": no session opens and nothing about two-step changes until its secret opens again.
            LOG.error("{} -> 503 two_step_unavailable: {}", request.logKey(), e.getMessage());
            throw new ApiError(503, "two_step_unavailable", "Two-step sign-in cannot be checked right now, so this "
                    + "cannot be done. Try again later; if it lasts, contact Mailmoat support.");
        }
    }

    private APIGatewayV2HTTPResponse route(ApiRequest request) {
        return switch (request.routeKey()) {
            case "POST /api/signup" -> signUp(request);
            case "GET /api/password/rules" -> ApiResponses.json(200, Map.of("rules", signups.policy().rules()));
            case "POST /api/password" -> setPassword(request);
            case "POST /api/password/check" -> checkPasswordLink(request);
            case "POST /api/password/reset" -> requestReset(request);
            case "POST /api/login" -> login(request);
            case "POST /api/login/code" -> loginCode(request);
            case "GET /api/account/two-step" -> twoStepStatus(request);
            case "POST /api/account/two-step" -> beginTwoStep(request);
            case "POST /api/account/two-step/confirm" -> confirmTwoStep(request);
            case "POST /api/account/two-step/disable" -> disableTwoStep(request);
            case "POST /api/account/two-step/recovery-codes" -> newRecoveryCodes(request);
            case "POST /api/logout" -> logout(request);
            case "POST /api/account/close" -> closeAccount(request);
            case "POST /api/alert-recipients/confirm" -> confirmAlertRecipient(request);
            case UNSUBSCRIBE -> unsubscribeAlertRecipient(request);
            default -> throw unknownRoute(request);
        };
    }

    /** {@code {"token"}} from the confirmation link: the address gets the account's security emails from now on. */
    private APIGatewayV2HTTPResponse confirmAlertRecipient(ApiRequest request) {
        String token = request.requireStrings("token").get(0);
        if (alertRecipients == null) {
            throw unknownRoute(request);
        }
        return alertRecipients.confirm(token)
                .map(confirmed -> ApiResponses.json(200, Map.of("status", "confirmed", "email", confirmed.email())))
                .orElseThrow(() -> ApiError.badRequest("invalid_token", "This link is not valid: it may have expired "
                        + "(confirmation links work for 7 days), been used already, or the address may have been "
                        + "removed. Ask the administrator who added you to send a new one."));
    }

    /** The token in the query (the one-click POST of a mail provider) or {@code {"token"}} (the console's page). */
    private APIGatewayV2HTTPResponse unsubscribeAlertRecipient(ApiRequest request) {
        if (alertRecipients == null) {
            throw unknownRoute(request);
        }
        boolean json = request.header("content-type").orElse("").toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
        String token = json ? request.requireStrings("token").get(0)
                : request.queryParameter("token").orElseThrow(() -> ApiError.badRequest("invalid_token", "The link has no token."));
        if (alertRecipients.unsubscribe(token) == AlertRecipients.Unsubscribed.INVALID_LINK) {
            throw ApiError.badRequest("invalid_token", "This link is not valid: it may have been used already or be "
                    + "older than 60 days. If you still get Mailmoat's emails, use the link in the newest one.");
        }
        return ApiResponses.json(200, Map.of("status", "unsubscribed"));
    }

    private APIGatewayV2HTTPResponse signUp(ApiRequest request) {
        List<String> fields = request.requireStrings("email", "company", "region");
        // The same answer, after the same time, whether or not the address already has an account.
        SignupResult result = sameTiming.run(() -> signups.signUp(fields.get(0), fields.get(1), fields.get(2),
                request.sourceIp()));
        return accepted(result, acceptedSignup(signups.emailWindow().toMinutes()));
    }

    private APIGatewayV2HTTPResponse requestReset(ApiRequest request) {
        String email = request.requireStrings("email").get(0);
        SignupResult result = sameTiming.run(() -> signups.requestPasswordReset(email, request.sourceIp()));
        return accepted(result, acceptedReset(signups.emailWindow().toMinutes()));
    }

    private static APIGatewayV2HTTPResponse accepted(SignupResult result, String message) {
        if (result instanceof SignupResult.Throttled throttled) {
            throw new RetryableApiError(429, "too_many_requests",
                    "Too many requests from your network. Try again in a minute.", throttled.retryAfter().toSeconds());
        }
        return ApiResponses.json(202, Map.of("status", "accepted", "message", message));
    }

    private APIGatewayV2HTTPResponse setPassword(ApiRequest request) {
        List<String> fields = request.requireStrings("token", "password");
        Optional<Session> current = request.cookie(SessionCookie.NAME).flatMap(sessions::authenticate);
        SetPasswordResult result = signups.setPassword(fields.get(0), fields.get(1), current);
        if (result instanceof SetPasswordResult.PasswordSet set) {
            // The browser that chose the password reads the account's email: it may sign in even while
            // strangers' guesses have spent the account's limit.
            return ApiResponses.json(200, Map.of("status", "password_set", "loginUrl", set.loginUrl()), Map.of(),
                    List.of(knownBrowserCookie(logins.rememberBrowser(set.accountId()))));
        }
        if (result instanceof SetPasswordResult.WeakPassword weak) {
            throw ApiError.badRequest("weak_password", weak.violations());
        }
        throw ApiError.badRequest("invalid_token", "This link is not valid: it may have expired, been used already, "
                + "or been replaced by a newer one. Ask for a new link: sign up again, or use \"Forgot password?\" "
                + "on the sign-in page if you have set a password before.");
    }

    /**
     * {@code {"token"}}: whether the set-password page's link can still be used, asked when the page opens
     * (the token in a body, out of access logs). It spends nothing: opening the page twice, or a mail
     * scanner opening it first, leaves the link working.
     */
    private APIGatewayV2HTTPResponse checkPasswordLink(ApiRequest request) {
        String token = request.requireStrings("token").get(0);
        return ApiResponses.json(200, Map.of("usable", signups.linkUsable(token)));
    }

    private APIGatewayV2HTTPResponse login(ApiRequest request) {
        List<String> fields = request.requireStrings("email", "password");
        LoginResult result = logins.login(fields.get(0), fields.get(1), PasswordErrors.signInSource(request));
        if (result instanceof LoginResult.CodeRequired pending) {
            return ApiResponses.json(200, Map.of("status", "code_required", "token", pending.pendingToken(),
                    "expiresAt", pending.expiresAt().toString(),
                    "message", "Enter the 6-digit code from your authenticator app, or one of your recovery codes."));
        }
        return signedInOrRefused(result);
    }

    /** {@code {"token", "code"}}: the second step of a sign-in with two-step on. */
    private APIGatewayV2HTTPResponse loginCode(ApiRequest request) {
        List<String> fields = request.requireStrings("token", "code");
        LoginResult result = logins.completeWithCode(fields.get(0), fields.get(1), PasswordErrors.signInSource(request));
        if (result instanceof LoginResult.WrongCode wrong) {
            String message = wrong.attemptsLeft() > 0
                    ? "This code is not right, or was used already. Enter the current code from your authenticator app."
                    : "This code is not right either. Sign in again with your password.";
            throw new ApiError(401, wrong.attemptsLeft() > 0 ? "wrong_code" : "sign_in_expired",
                    List.of(new FieldError("code", message)));
        }
        if (result instanceof LoginResult.SignInExpired) {
            throw new ApiError(401, "sign_in_expired", "This sign-in has expired. Sign in again with your password.");
        }
        return signedInOrRefused(result);
    }

    private APIGatewayV2HTTPResponse signedInOrRefused(LoginResult result) {
        if (result instanceof LoginResult.SignedIn signedIn) {
            List<String> cookies = new ArrayList<>();
            cookies.add(SessionCookie.issue(signedIn.sessionToken(), signedIn.expiresAt(), clock.instant(), secureCookies()));
            signedIn.browser().map(this::knownBrowserCookie).ifPresent(cookies::add);
            return ApiResponses.json(200, Map.of("status", "signed_in", "expiresAt", signedIn.expiresAt().toString()),
                    Map.of(), cookies);
        }
        if (result instanceof LoginResult.Throttled throttled) {
            throw PasswordErrors.tooManyAttempts(throttled.fromKnownBrowser() ? "Too many failed sign-ins from this browser."
                    : "Too many failed sign-ins to this account.", throttled);
        }
        throw new ApiError(401, "invalid_credentials", "The email or password is not right.");
    }

    private APIGatewayV2HTTPResponse twoStepStatus(ApiRequest request) {
        Session session = requireSession(request, sessions);
        TwoStepSettings.Status status = twoStep.status(session.accountId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", status.on());
        body.put("enabledAt", status.enabledAt() == null ? null : status.enabledAt().toString());
        body.put("recoveryCodesLeft", status.recoveryCodesLeft());
        return ApiResponses.json(200, body);
    }

    /** {@code {"password"}}: a new secret for the authenticator app, not enforced until confirmed. */
    private APIGatewayV2HTTPResponse beginTwoStep(ApiRequest request) {
        Session session = requireSession(request, sessions);
        String password = request.requireStrings("password").get(0);
        TwoStepSettings.Result result = twoStep.begin(session.accountId(), password, PasswordErrors.signInSource(request));
        if (result instanceof TwoStepSettings.Result.Started started) {
            SetupQrCode qr = SetupQrCode.of(started.otpauthUri());
            return ApiResponses.json(200, Map.of("status", "pending", "secret", started.secret(),
                    "otpauthUri", started.otpauthUri(), "qrCode", Map.of("size", qr.size(), "path", qr.path())));
        }
        throw twoStepRefused(result);
    }

    /** {@code {"code"}}: turns it on; the recovery codes are in this answer and nowhere else. */
    private APIGatewayV2HTTPResponse confirmTwoStep(ApiRequest request) {
        Session session = requireSession(request, sessions);
        String code = request.requireStrings("code").get(0);
        TwoStepSettings.Result result = twoStep.confirm(session.accountId(), code, PasswordErrors.signInSource(request));
        if (result instanceof TwoStepSettings.Result.Enabled enabled) {
            return ApiResponses.json(200, Map.of("status", "enabled", "recoveryCodes", enabled.recoveryCodes()));
        }
        throw twoStepRefused(result);
    }

    /** {@code {"password", "code"}}: turns it off (the code may be a recovery code). */
    private APIGatewayV2HTTPResponse disableTwoStep(ApiRequest request) {
        Session session = requireSession(request, sessions);
        List<String> fields = request.requireStrings("password", "code");
        TwoStepSettings.Result result = twoStep.disable(session.accountId(), fields.get(0), fields.get(1),
                PasswordErrors.signInSource(request));
        if (result instanceof TwoStepSettings.Result.Disabled) {
            return ApiResponses.json(200, Map.of("status", "disabled"));
        }
        throw twoStepRefused(result);
    }

    /** {@code {"password", "code"}}: new recovery codes, in this answer and nowhere else (the code must be the app's). */
    private APIGatewayV2HTTPResponse newRecoveryCodes(ApiRequest request) {
        Session session = requireSession(request, sessions);
        List<String> fields = request.requireStrings("password", "code");
        TwoStepSettings.Result result = twoStep.newRecoveryCodes(session.accountId(), fields.get(0), fields.get(1),
                PasswordErrors.signInSource(request));
        if (result instanceof TwoStepSettings.Result.RecoveryCodesReplaced replaced) {
            return ApiResponses.json(200, Map.of("status", "replaced", "recoveryCodes", replaced.recoveryCodes()));
        }
        throw twoStepRefused(result);
    }

    private static RuntimeException twoStepRefused(TwoStepSettings.Result result) {
        if (result instanceof TwoStepSettings.Result.PasswordRefused refused) {
            return PasswordErrors.refused(refused.why());
        }
        if (result instanceof TwoStepSettings.Result.CodeRefused refused
                && refused.why() instanceof TwoStepCodes.Check.Throttled throttled) {
            long seconds = throttled.retryAfter().toSeconds();
            return new RetryableApiError(429, "too_many_attempts", "Too many wrong codes. Try again in "
                    + Math.max(1, (seconds + 59) / 60) + " minutes or less.", seconds);
        }
        if (result instanceof TwoStepSettings.Result.CodeRefused) {
            return ApiError.badRequest("wrong_code", List.of(new FieldError("code",
                    "This code is not right, or was used already. Enter the current code from your authenticator app.")));
        }
        if (result instanceof TwoStepSettings.Result.AlreadyOn) {
            return new ApiError(409, "two_step_already_on", "Two-step sign-in is already on. To use another "
                    + "authenticator app, turn it off first, then set it up again.");
        }
        return new ApiError(409, "two_step_not_set_up", "Two-step sign-in is not being set up (a setup waits an hour "
                + "for its code) or is off. Start again with Set up two-step sign-in.");
    }

    private APIGatewayV2HTTPResponse logout(ApiRequest request) {
        request.cookie(SessionCookie.NAME).ifPresent(sessions::end);
        return ApiResponses.noContent(List.of(SessionCookie.clear(secureCookies())));
    }

    /**
     * {@code {"password": ..., "confirm": "<the account's email>"}}: closes the signed-in account and
     * signs it out everywhere (see {@link AccountClosure}).
     */
    private APIGatewayV2HTTPResponse closeAccount(ApiRequest request) {
        Session session = requireSession(request, sessions);
        List<String> fields = request.requireStrings("password", "confirm");
        AccountClosure.Result result = closures.close(session.accountId(), fields.get(0), fields.get(1),
                PasswordErrors.signInSource(request));
        if (result instanceof AccountClosure.Result.Closed closed) {
            return ApiResponses.json(200, Map.of("status", "closed", "email", closed.email(),
                            "closedAt", closed.closedAt().toString(),
                            "message", "Your account is closed and its data is being erased. We emailed "
                                    + closed.email() + " to confirm it."),
                    Map.of(), List.of(SessionCookie.clear(secureCookies())));
        }
        if (result instanceof AccountClosure.Result.StillConnected connected) {
            throw new ApiError(409, "still_connected", "Microsoft 365 (" + connected.tenant() + ") is still connected "
                    + "to this account. Remove Mailmoat from Microsoft 365 first (Upgrade page), so no Mailmoat rule "
                    + "or subscription is left in your tenant; then close the account.");
        }
        if (result instanceof AccountClosure.Result.PasswordRefused refused) {
            throw PasswordErrors.refused(refused.why());
        }
        throw ApiError.badRequest("not_confirmed", List.of(new FieldError("confirm",
                "Type this account's email address to confirm.")));
    }


    private String knownBrowserCookie(KnownBrowsers.Issued browser) {
        return KnownBrowserCookie.issue(browser.token(), browser.expiresAt(), clock.instant(), secureCookies());
    }

}
