package com.mailmoat.simulator.internal.login;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.SimRequest;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.TenantRegistry;
import com.mailmoat.simulator.internal.tenant.User;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The simulated Microsoft identity platform ({@code login.microsoftonline.com}):
 * <ul>
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token}: client credentials, authorization code (+PKCE), refresh token;</li>
 *   <li>{@code GET /{tenant}/oauth2/v2.0/authorize}: a sign-in page listing users as plain links
 *       ({@code id="signin-<local part>"}) that answer back with {@code code} and {@code state} as
 *       {@code response_mode} asks: a redirect with a query ({@code query}, the default) or, for
 *       {@code form_post}, an auto-submitting HTML form that POSTs them to the redirect URI, as
 *       Entra ID does (so a callback that only takes GET fails here as it would there);</li>
 *   <li>{@code GET /{tenant}/v2.0/adminconsent}: Accept ({@code id="accept"}) / Cancel ({@code id="cancel"}) links;</li>
 *   <li>{@code GET /{tenant}/v2.0/.well-known/openid-configuration} and {@code GET /{tenant}/discovery/v2.0/keys}.</li>
 * </ul>
 * Errors follow the documented shapes: token errors are JSON with {@code error}, an
 * {@code AADSTS…} {@code error_description}, {@code error_codes}, {@code timestamp},
 * {@code trace_id} and {@code correlation_id}; redirect-leg errors are query parameters.
 */
public final class LoginHandler {

    static final String GRAPH_RESOURCE = "https://graph.microsoft.com";
    static final String EXCHANGE_RESOURCE = "https://outlook.office365.com";
    private static final Set<String> GENERIC_TENANTS = Set.of("common", "organizations", "consumers");
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final Duration PAGE_LIFETIME = Duration.ofMinutes(30);
    private static final DateTimeFormatter AAD_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private record AuthorizeRequest(String tenantPath, String redirectUri, String state, String nonce, String scope,
                                    String codeChallenge, String codeChallengeMethod, Instant expires,
                                    String responseMode) {
    }

    private record ConsentRequest(String redirectUri, String state, String scope, Instant expires) {
    }

    private record IssuedCode(String tenantId, String userId, String redirectUri, String scope, String nonce,
                              String codeChallenge, String codeChallengeMethod, Instant expires) {
    }

    private record RefreshGrant(String tenantId, String userId, String scope) {
    }

    private final TenantRegistry tenants;
    private final AppRegistration app;
    private final TokenService tokens;
    private final SigningKey signingKey;
    private final Supplier<String> baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AuthorizeRequest> authorizeRequests = new ConcurrentHashMap<>();
    private final Map<String, ConsentRequest> consentRequests = new ConcurrentHashMap<>();
    private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();
    private final Set<String> redeemedCodes = ConcurrentHashMap.newKeySet();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();

    public LoginHandler(TenantRegistry tenants, AppRegistration app, TokenService tokens, SigningKey signingKey,
                        Supplier<String> baseUrl) {
        this.tenants = tenants;
        this.app = app;
        this.tokens = tokens;
        this.signingKey = signingKey;
        this.baseUrl = baseUrl;
    }

    /** Answers a login request, or empty if the path is not a login endpoint. */
    public Optional<SimResponse> handle(SimRequest request) {
        List<String> s = request.segments();
        if (s.size() < 2) {
            return Optional.empty();
        }
        String tenant = s.get(0);
        String rest = String.join("/", s.subList(1, s.size()));
        return Optional.ofNullable(switch (rest) {
            case "oauth2/v2.0/token" -> "POST".equals(request.method()) ? token(tenant, request) : methodNotAllowed();
            case "oauth2/v2.0/authorize" -> authorize(tenant, request.query());
            case "oauth2/v2.0/authorize/select" -> selectUser(request.query());
            case "v2.0/adminconsent" -> adminConsent(tenant, request.query());
            case "v2.0/adminconsent/decision" -> consentDecision(request.query());
            case "v2.0/.well-known/openid-configuration", ".well-known/openid-configuration" ->
                    SimResponse.json(200, openIdConfiguration(tenant));
            case "discovery/v2.0/keys", "discovery/keys" -> SimResponse.json(200, signingKey.jwks(issuerFor(tenant)));
            default -> null;
        });
    }

    // ---- token endpoint -------------------------------------------------------------------

    private SimResponse token(String tenantPath, SimRequest request) {
        Map<String, String> form = request.form();
        String[] basic = basicCredentials(request.header("Authorization"));
        String clientId = basic != null ? basic[0] : form.get("client_id");
        String clientSecret = basic != null ? basic[1] : form.get("client_secret");
        String grantType = form.getOrDefault("grant_type", "");
        if (clientId == null || clientId.isBlank()) {
            return tokenError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_id'.", null);
        }
        if (!app.clientId().equals(clientId)) {
            return tokenError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenantPath + "'. This can happen if the application has"
                    + " not been installed by the administrator of the tenant or consented to by any user in the"
                    + " tenant.", null);
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            return tokenError(401, "invalid_client", 7000218, "The request body must contain the following parameter:"
                    + " 'client_assertion' or 'client_secret'.", null);
        }
        if (!app.secretMatches(clientSecret)) {
            return tokenError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being"
                    + " sent in the request is the client secret value, not the client secret ID, for a secret added"
                    + " to app '" + clientId + "'.", null);
        }
        return switch (grantType) {
            case "client_credentials" -> clientCredentials(tenantPath, clientId, form);
            case "authorization_code" -> authorizationCode(tenantPath, clientId, form);
            case "refresh_token" -> refreshToken(clientId, form);
            case "" -> tokenError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'grant_type'.", null);
            default -> tokenError(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grantType + "'.", null);
        };
    }

    private SimResponse clientCredentials(String tenantPath, String clientId, Map<String, String> form) {
        if (GENERIC_TENANTS.contains(tenantPath.toLowerCase(Locale.ROOT))) {
            return tokenError(400, "invalid_request", 90002, "Tenant '" + tenantPath + "' cannot be used with the"
                    + " client credentials grant: use the tenant id or one of its domain names.", null);
        }
        Optional<Tenant> tenant = tenants.resolve(tenantPath);
        if (tenant.isEmpty()) {
            return tokenError(400, "invalid_request", 90002, "Tenant '" + tenantPath + "' not found. Check to make"
                    + " sure you have the correct tenant ID and are signing into the correct cloud.", null);
        }
        String resource = defaultScopeResource(form.get("scope"));
        if (resource == null) {
            return tokenError(400, "invalid_scope", 1002012, "The provided value for scope " + form.get("scope")
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to"
                    + " the resource identifier (application ID URI).", null);
        }
        if (!tenant.get().hasConsented(clientId)) {
            return tokenError(400, "invalid_grant", 65001, "The user or administrator has not consented to use the"
                    + " application with ID '" + clientId + "'. Send an interactive authorization request for this"
                    + " user and resource.", "consent_required");
        }
        ObjectNode body = Json.object()
                .put("token_type", "Bearer")
                .put("expires_in", tokens.lifetime().toSeconds())
                .put("ext_expires_in", tokens.lifetime().toSeconds())
                .put("access_token", tokens.appToken(tenant.get().tenantId(), clientId, resource,
                        tenant.get().grantedRoles(clientId).stream()
                                .filter(role -> Permissions.resourceOf(role).equals(resource)).sorted().toList()));
        return SimResponse.json(200, body).header("Cache-Control", "no-store, no-cache");
    }

    private SimResponse authorizationCode(String tenantPath, String clientId, Map<String, String> form) {
        String code = form.get("code");
        if (code == null) {
            return tokenError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'code'.", null);
        }
        IssuedCode issued = codes.remove(code);
        if (issued == null) {
            if (redeemedCodes.contains(code)) {
                return tokenError(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed,"
                        + " please retry with a new valid code or use an existing refresh token.", null);
            }
            return tokenError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.", null);
        }
        redeemedCodes.add(code);
        if (Instant.now().isAfter(issued.expires())) {
            return tokenError(400, "invalid_grant", 70008, "The provided authorization code or refresh token has"
                    + " expired due to inactivity. Send a new interactive authorization request for this user and"
                    + " resource.", null);
        }
        if (!issued.redirectUri().equals(form.get("redirect_uri"))) {
            return tokenError(400, "invalid_grant", 500112, "The reply address '" + form.get("redirect_uri")
                    + "' does not match the reply address '" + issued.redirectUri()
                    + "' provided when requesting Authorization code.", null);
        }
        if (issued.codeChallenge() != null && !pkceMatches(issued, form.get("code_verifier"))) {
            return tokenError(400, "invalid_grant", 501481,
                    "The Code_Verifier does not match the code_challenge supplied in the authorization request.", null);
        }
        if (!GENERIC_TENANTS.contains(tenantPath.toLowerCase(Locale.ROOT))
                && tenants.resolve(tenantPath).map(t -> !t.tenantId().equals(issued.tenantId())).orElse(true)) {
            return tokenError(400, "invalid_grant", 50020,
                    "The authorization code was issued for another tenant than '" + tenantPath + "'.", null);
        }
        String refresh = randomToken();
        refreshTokens.put(refresh, new RefreshGrant(issued.tenantId(), issued.userId(), issued.scope()));
        return userTokenResponse(clientId, issued.tenantId(), issued.userId(), issued.scope(), issued.nonce(), refresh,
                form);
    }

    private SimResponse refreshToken(String clientId, Map<String, String> form) {
        RefreshGrant grant = refreshTokens.get(String.valueOf(form.get("refresh_token")));
        if (grant == null) {
            return tokenError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.", null);
        }
        return userTokenResponse(clientId, grant.tenantId(), grant.userId(), grant.scope(), null,
                form.get("refresh_token"), form);
    }

    private SimResponse userTokenResponse(String clientId, String tenantId, String userId, String scope, String nonce,
                                          String refreshToken, Map<String, String> form) {
        Tenant tenant = tenants.byId(tenantId).orElseThrow();
        User user = tenant.user(userId).orElseThrow();
        List<String> scopes = List.of(scope == null ? new String[0] : scope.trim().split("\\s+"));
        ObjectNode body = Json.object()
                .put("token_type", "Bearer")
                .put("scope", grantedScope(scopes))
                .put("expires_in", tokens.lifetime().toSeconds())
                .put("ext_expires_in", tokens.lifetime().toSeconds())
                .put("access_token", tokens.userToken(tenantId, clientId, userId, user.userPrincipalName(),
                        scope == null ? "openid profile" : scope));
        if (scopes.contains("offline_access")) {
            body.put("refresh_token", refreshToken);
        }
        if (scopes.contains("openid")) {
            List<String> wids = tenant.isGlobalAdmin(user) ? List.of(Tenant.GLOBAL_ADMIN_TEMPLATE_ID) : List.of();
            body.put("id_token", tokens.idToken(tenantId, clientId, userId, user.userPrincipalName(),
                    user.displayName(), wids, nonce));
        }
        if ("1".equals(form.get("client_info"))) {
            ObjectNode clientInfo = Json.object().put("uid", userId).put("utid", tenantId);
            body.put("client_info", Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(clientInfo)));
        }
        return SimResponse.json(200, body).header("Cache-Control", "no-store, no-cache");
    }

    /** What Entra ID reports as granted: the requested resource scopes plus the OIDC ones it always adds. */
    private static String grantedScope(List<String> requested) {
        List<String> granted = new ArrayList<>(requested.stream()
                .filter(scope -> !scope.isBlank() && !OIDC_SCOPES.contains(scope)).toList());
        if (granted.isEmpty()) {
            granted.add(GRAPH_RESOURCE + "/User.Read");
        }
        granted.addAll(List.of("openid", "profile", "email"));
        return String.join(" ", granted);
    }

    private static boolean pkceMatches(IssuedCode issued, String verifier) {
        if (verifier == null) {
            return false;
        }
        if ("plain".equalsIgnoreCase(issued.codeChallengeMethod())) {
            return verifier.equals(issued.codeChallenge());
        }
        return s256(verifier).equals(issued.codeChallenge());
    }

    /** {@code BASE64URL(SHA-256(ASCII(code_verifier)))}, RFC 7636. */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String defaultScopeResource(String scope) {
        if (scope == null) {
            return null;
        }
        List<String> resources = new ArrayList<>();
        for (String one : scope.trim().split("\\s+")) {
            if (OIDC_SCOPES.contains(one)) {
                continue;
            }
            if (!one.endsWith("/.default")) {
                return null;
            }
            resources.add(one.substring(0, one.length() - "/.default".length()));
        }
        if (resources.size() != 1) {
            return null;
        }
        String resource = resources.get(0);
        if (resource.equals(GRAPH_RESOURCE) || resource.equals("00000003-0000-0000-c000-000000000000")) {
            return GRAPH_RESOURCE;
        }
        return resource.equals(EXCHANGE_RESOURCE) ? EXCHANGE_RESOURCE : null;
    }

    private static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new String[] {
            SimRequest.percentDecode(decoded.substring(0, colon), true),
            SimRequest.percentDecode(decoded.substring(colon + 1), true)
        };
    }

    private SimResponse tokenError(int status, String error, int code, String message, String suberror) {
        Instant now = Instant.now();
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        String timestamp = AAD_TIMESTAMP.format(now);
        ObjectNode body = Json.object()
                .put("error", error)
                .put("error_description", "AADSTS" + code + ": " + message + "\r\nTrace ID: " + traceId
                        + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp);
        body.putArray("error_codes").add(code);
        body.put("timestamp", timestamp).put("trace_id", traceId).put("correlation_id", correlationId)
                .put("error_uri", baseUrl.get() + "/error?code=" + code);
        if (suberror != null) {
            body.put("suberror", suberror);
        }
        return SimResponse.json(status, body).header("Cache-Control", "no-store, no-cache");
    }

    // ---- authorize (OIDC sign-in) ------------------------------------------------------------

    private SimResponse authorize(String tenantPath, Map<String, String> query) {
        SimResponse invalid = checkClientAndRedirect(query.get("client_id"), query.get("redirect_uri"));
        if (invalid != null) {
            return invalid;
        }
        String redirectUri = query.get("redirect_uri");
        String state = query.get("state");
        String responseType = query.getOrDefault("response_type", "");
        String responseMode = query.getOrDefault("response_mode", "query");
        if (!List.of("query", "form_post").contains(responseMode)) {
            // fragment is for single-page apps; nothing here can read a fragment.
            return SimResponse.redirect(withParams(redirectUri, params("error", "invalid_request",
                    "error_description", "AADSTS900144: response_mode '" + responseMode
                            + "' is not supported by this simulator: use 'query' or 'form_post'.", "state", state)));
        }
        if (!List.of(responseType.split(" ")).contains("code")) {
            return answer(redirectUri, responseMode, params("error", "unsupported_response_type",
                    "error_description", "AADSTS700054: response_type '" + responseType
                            + "' is not supported by this simulator: use 'code'.", "state", state));
        }
        List<Tenant> listed = tenantsForPath(tenantPath);
        if (listed.isEmpty()) {
            return errorPage(400, "AADSTS90002: Tenant '" + tenantPath + "' not found.");
        }
        String challenge = query.get("code_challenge");
        String method = query.get("code_challenge_method");
        if (challenge != null && method != null && !method.equals("S256") && !method.equals("plain")) {
            return answer(redirectUri, responseMode, params("error", "invalid_request",
                    "error_description", "AADSTS501491: Invalid code_challenge_method '" + method + "'.",
                    "state", state));
        }
        String context = randomToken();
        authorizeRequests.put(context, new AuthorizeRequest(tenantPath, redirectUri, state, query.get("nonce"),
                query.getOrDefault("scope", "openid"), challenge, challenge == null ? null : method == null ? "plain"
                : method, Instant.now().plus(PAGE_LIFETIME), responseMode));

        StringBuilder links = new StringBuilder();
        Set<String> usedIds = new HashSet<>();
        for (Tenant tenant : listed) {
            links.append("<h2>").append(escape(tenant.displayName())).append("</h2>\n<ul>\n");
            for (User user : tenant.users()) {
                String id = "signin-" + user.localPart().toLowerCase(Locale.ROOT);
                if (!usedIds.add(id)) {
                    id = id + "-" + user.userPrincipalName().substring(user.userPrincipalName().indexOf('@') + 1)
                            .toLowerCase(Locale.ROOT).replace('.', '-');
                    usedIds.add(id);
                }
                String href = "/" + encode(tenantPath) + "/oauth2/v2.0/authorize/select?ctx=" + encode(context)
                        + "&tenant=" + encode(tenant.tenantId()) + "&user=" + encode(user.id());
                links.append("  <li><a id=\"").append(escape(id)).append("\" data-upn=\"")
                        .append(escape(user.userPrincipalName())).append("\" href=\"").append(escape(href)).append("\">")
                        .append(escape(user.displayName())).append(" &lt;").append(escape(user.userPrincipalName()))
                        .append("&gt;</a></li>\n");
            }
            links.append("</ul>\n");
        }
        return SimResponse.html(200, page("Sign in to your account",
                "<h1>Pick an account</h1>\n<p>Simulated Microsoft sign-in: choose who signs in.</p>\n" + links));
    }

    private SimResponse selectUser(Map<String, String> query) {
        AuthorizeRequest pending = authorizeRequests.remove(String.valueOf(query.get("ctx")));
        if (pending == null || Instant.now().isAfter(pending.expires())) {
            return errorPage(400, "AADSTS900561: This sign-in page has expired or was already used. Start again.");
        }
        Optional<Tenant> tenant = tenants.byId(String.valueOf(query.get("tenant")));
        Optional<User> user = tenant.flatMap(t -> t.user(String.valueOf(query.get("user"))));
        if (user.isEmpty()) {
            return errorPage(400, "AADSTS50034: The user account does not exist in this directory.");
        }
        String code = randomToken() + randomToken();
        codes.put(code, new IssuedCode(tenant.get().tenantId(), user.get().id(), pending.redirectUri(), pending.scope(),
                pending.nonce(), pending.codeChallenge(), pending.codeChallengeMethod(),
                Instant.now().plus(CODE_LIFETIME)));
        return answer(pending.redirectUri(), pending.responseMode(), params("code", code, "state", pending.state(),
                "session_state", UUID.randomUUID().toString()));
    }

    /**
     * Sends the authorize endpoint's answer back to the client as {@code response_mode} says: a 302
     * with the parameters in the query, or (form_post) a page whose form POSTs them to the redirect
     * URI as soon as it loads, with a button for browsers without script.
     */
    private static SimResponse answer(String redirectUri, String responseMode, Map<String, String> params) {
        if (!"form_post".equals(responseMode)) {
            return SimResponse.redirect(withParams(redirectUri, params));
        }
        StringBuilder inputs = new StringBuilder();
        params.forEach((name, value) -> inputs.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">\n"));
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Working...</title></head>\n"
                + "<body onload=\"document.forms[0].submit()\">\n"
                + "<form method=\"post\" action=\"" + escape(redirectUri) + "\">\n" + inputs
                + "<noscript><p>Script is disabled. Click Submit to continue.</p>"
                + "<input type=\"submit\" value=\"Submit\"></noscript>\n</form>\n</body>\n</html>\n";
        return SimResponse.html(200, html).header("Cache-Control", "no-store, no-cache");
    }

    // ---- admin consent -------------------------------------------------------------------------

    private SimResponse adminConsent(String tenantPath, Map<String, String> query) {
        SimResponse invalid = checkClientAndRedirect(query.get("client_id"), query.get("redirect_uri"));
        if (invalid != null) {
            return invalid;
        }
        List<Tenant> listed = tenantsForPath(tenantPath);
        if (listed.isEmpty()) {
            return errorPage(400, "AADSTS90002: Tenant '" + tenantPath + "' not found.");
        }
        String context = randomToken();
        consentRequests.put(context, new ConsentRequest(query.get("redirect_uri"), query.get("state"),
                query.get("scope"), Instant.now().plus(PAGE_LIFETIME)));
        String base = "/" + encode(tenantPath) + "/v2.0/adminconsent/decision?ctx=" + encode(context);
        StringBuilder body = new StringBuilder("<h1>Permissions requested</h1>\n<p id=\"app\"><b>")
                .append(escape(app.displayName())).append("</b></p>\n<p>This app would like to:</p>\n<ul id=\"permissions\">\n");
        for (String[] permission : requestedPermissions(query.get("scope"))) {
            body.append("  <li data-permission=\"").append(escape(permission[1])).append("\">")
                    .append(escape(Permissions.displayName(permission[1]))).append(" <small>(")
                    .append(escape(permission[0])).append(")</small></li>\n");
        }
        body.append("</ul>\n<p>Accepting grants these permissions for your whole organization.</p>\n<ul>\n");
        for (Tenant tenant : listed) {
            String id = listed.size() == 1 ? "accept" : "accept-" + tenant.tenantId();
            body.append("  <li><a id=\"").append(escape(id)).append("\" href=\"")
                    .append(escape(base + "&decision=accept&tenant=" + encode(tenant.tenantId()))).append("\">Accept for ")
                    .append(escape(tenant.displayName())).append("</a></li>\n");
        }
        body.append("</ul>\n<p><a id=\"cancel\" href=\"").append(escape(base + "&decision=cancel")).append("\">Cancel</a></p>\n");
        return SimResponse.html(200, page("Permissions requested", body.toString()));
    }

    /**
     * What the consent prompt lists, as {resource display name, permission}: for {@code /.default} the app
     * registration's application permissions (Mailmoat's, on every resource, as Entra shows the statically
     * configured ones), else the named scopes.
     */
    private static List<String[]> requestedPermissions(String scope) {
        List<String[]> result = new ArrayList<>();
        List<String> scopes = scope == null ? List.of() : List.of(scope.trim().split("\\s+"));
        boolean staticScopes = scopes.isEmpty() || scopes.stream().anyMatch(s -> s.endsWith("/.default"));
        if (staticScopes) {
            for (String role : Permissions.MAILMOAT_ROLES) {
                result.add(new String[] {resourceName(Permissions.resourceOf(role)), role});
            }
            return result;
        }
        for (String one : scopes) {
            if (OIDC_SCOPES.contains(one) || one.isBlank()) {
                continue;
            }
            int slash = one.lastIndexOf('/');
            String resource = slash < 0 ? GRAPH_RESOURCE : one.substring(0, slash);
            result.add(new String[] {resourceName(resource), slash < 0 ? one : one.substring(slash + 1)});
        }
        return result;
    }

    private static String resourceName(String resource) {
        return resource.equals(EXCHANGE_RESOURCE) ? "Office 365 Exchange Online" : "Microsoft Graph";
    }

    private SimResponse consentDecision(Map<String, String> query) {
        ConsentRequest pending = consentRequests.remove(String.valueOf(query.get("ctx")));
        if (pending == null || Instant.now().isAfter(pending.expires())) {
            return errorPage(400, "AADSTS900561: This consent page has expired or was already used. Start again.");
        }
        if ("accept".equals(query.get("decision"))) {
            Optional<Tenant> tenant = tenants.byId(String.valueOf(query.get("tenant")));
            if (tenant.isEmpty()) {
                return errorPage(400, "AADSTS90002: Tenant not found.");
            }
            tenant.get().grantConsent(app.clientId(), java.util.Set.copyOf(Permissions.MAILMOAT_ROLES));
            return SimResponse.redirect(withParams(pending.redirectUri(), params("admin_consent", "True",
                    "tenant", tenant.get().tenantId(), "scope", pending.scope(), "state", pending.state())));
        }
        // Microsoft documents admin_consent=True on error redirects too: it marks the admin-consent flow.
        return SimResponse.redirect(withParams(pending.redirectUri(), params("admin_consent", "True",
                "error", "access_denied", "error_description", "AADSTS65004: User declined to consent to access the app.",
                "state", pending.state())));
    }

    // ---- metadata ------------------------------------------------------------------------------

    private ObjectNode openIdConfiguration(String tenantPath) {
        String base = baseUrl.get() + "/" + tenantPath;
        ObjectNode config = Json.object()
                .put("token_endpoint", base + "/oauth2/v2.0/token")
                .put("jwks_uri", base + "/discovery/v2.0/keys")
                .put("issuer", issuerFor(tenantPath))
                .put("authorization_endpoint", base + "/oauth2/v2.0/authorize")
                .put("userinfo_endpoint", baseUrl.get() + "/oidc/userinfo")
                .put("end_session_endpoint", base + "/oauth2/v2.0/logout")
                .put("request_uri_parameter_supported", false)
                .put("http_logout_supported", true)
                .put("frontchannel_logout_supported", true)
                .put("tenant_region_scope", "NA")
                .put("cloud_instance_name", "127.0.0.1")
                .put("msgraph_host", URI.create(baseUrl.get()).getAuthority());
        array(config, "token_endpoint_auth_methods_supported", "client_secret_post", "private_key_jwt",
                "client_secret_basic");
        array(config, "response_modes_supported", "query", "fragment", "form_post");
        array(config, "subject_types_supported", "pairwise");
        array(config, "id_token_signing_alg_values_supported", "RS256");
        array(config, "response_types_supported", "code", "id_token", "code id_token", "id_token token");
        array(config, "scopes_supported", "openid", "profile", "email", "offline_access");
        array(config, "claims_supported", "sub", "iss", "aud", "exp", "iat", "nbf", "name", "nonce", "oid",
                "preferred_username", "tid", "ver", "wids", "email");
        array(config, "code_challenge_methods_supported", "plain", "S256");
        return config;
    }

    private String issuerFor(String tenantPath) {
        Optional<Tenant> tenant = tenants.resolve(tenantPath);
        return tenant.map(t -> tokens.issuer(t.tenantId())).orElse(baseUrl.get() + "/{tenantid}/v2.0");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private SimResponse checkClientAndRedirect(String clientId, String redirectUri) {
        if (clientId == null || !app.clientId().equals(clientId)) {
            return errorPage(400, "AADSTS700016: Application with identifier '" + clientId
                    + "' was not found in the directory.");
        }
        if (!app.allowsRedirect(redirectUri)) {
            return errorPage(400, "AADSTS50011: The redirect URI '" + redirectUri + "' specified in the request does"
                    + " not match the redirect URIs configured for the application '" + clientId + "'.");
        }
        return null;
    }

    private List<Tenant> tenantsForPath(String tenantPath) {
        if (GENERIC_TENANTS.contains(tenantPath.toLowerCase(Locale.ROOT))) {
            return tenants.all();
        }
        return tenants.resolve(tenantPath).map(List::of).orElse(List.of());
    }

    private static Map<String, String> params(String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                params.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return params;
    }

    private static URI withParams(String redirectUri, Map<String, String> params) {
        StringBuilder uri = new StringBuilder(redirectUri);
        char separator = redirectUri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            uri.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return URI.create(uri.toString());
    }

    private static void array(ObjectNode node, String field, String... values) {
        ArrayNode array = node.putArray(field);
        for (String value : values) {
            array.add(value);
        }
    }

    private static SimResponse errorPage(int status, String message) {
        return SimResponse.html(status, page("Sign in error", "<h1>Sorry, but we're having trouble signing you in.</h1>\n"
                + "<p id=\"error\">" + escape(message) + "</p>\n"));
    }

    private static SimResponse methodNotAllowed() {
        return SimResponse.json(405, Json.object().put("error", "invalid_request")
                .put("error_description", "AADSTS900561: The endpoint only accepts POST requests."));
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    private String randomToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
