package com.mailmoat.signup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.signup.SetPasswordResult;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import com.mailmoat.lambda.http.RetryableApiError;
import com.mailmoat.lambda.http.SessionCookie;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Sign-up, the set-password link, login and logout. */
public final class SignupHandler extends HttpApiHandler {
    private final SignupService signups;
    private final LoginService logins;
    private final Sessions sessions;
    private final Clock clock;

    public SignupHandler() {
        this(SignupWiring.instance());
    }

    private SignupHandler(SignupWiring wiring) {
        this(wiring.signups, wiring.logins, wiring.sessions, wiring.consoleUrl, wiring.clock);
    }

    public SignupHandler(SignupService signups, LoginService logins, Sessions sessions, String consoleUrl,
                         Clock clock) {
        super(consoleUrl);
        this.signups = signups;
        this.logins = logins;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "POST /api/signup" -> signUp(request);
            case "GET /api/password/rules" -> ApiResponses.json(200, Map.of("rules", signups.policy().rules()));
            case "POST /api/password" -> setPassword(request);
            case "POST /api/login" -> login(request);
            case "POST /api/logout" -> logout(request);
            default -> throw unknownRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse signUp(ApiRequest request) {
        List<String> fields = request.requireStrings("email", "company", "region");
        signups.signUp(fields.get(0), fields.get(1), fields.get(2));
        // The same answer whether or not the address already has an account.
        return ApiResponses.json(202, Map.of("status", "accepted",
                "message", "If the address can be used, a link to set your password is on its way."));
    }

    private APIGatewayV2HTTPResponse setPassword(ApiRequest request) {
        List<String> fields = request.requireStrings("token", "password");
        SetPasswordResult result = signups.setPassword(fields.get(0), fields.get(1));
        if (result instanceof SetPasswordResult.PasswordSet set) {
            return ApiResponses.json(200, Map.of("status", "password_set", "loginUrl", set.loginUrl()));
        }
        if (result instanceof SetPasswordResult.WeakPassword weak) {
            throw ApiError.badRequest("weak_password", weak.violations());
        }
        throw ApiError.badRequest("invalid_token",
                "This link is not valid: it may have expired or been used already. Sign up again to get a new one.");
    }

    private APIGatewayV2HTTPResponse login(ApiRequest request) {
        List<String> fields = request.requireStrings("email", "password");
        LoginResult result = logins.login(fields.get(0), fields.get(1), request.sourceIp());
        if (result instanceof LoginResult.SignedIn signedIn) {
            String cookie = SessionCookie.issue(signedIn.sessionToken(), signedIn.expiresAt(), clock.instant(),
                    secureCookies());
            return ApiResponses.json(200, Map.of("status", "signed_in", "expiresAt", signedIn.expiresAt().toString()),
                    Map.of(), List.of(cookie));
        }
        if (result instanceof LoginResult.Throttled throttled) {
            throw new RetryableApiError(429, "too_many_attempts",
                    "Too many failed sign-ins. Try again in " + throttled.retryAfter().toMinutes() + " minutes or less.",
                    throttled.retryAfter().toSeconds());
        }
        throw new ApiError(401, "invalid_credentials", "The email or password is not right.");
    }

    private APIGatewayV2HTTPResponse logout(ApiRequest request) {
        request.cookie(SessionCookie.NAME).ifPresent(sessions::end);
        return ApiResponses.noContent(List.of(SessionCookie.clear(secureCookies())));
    }
}
