package com.mailmoat.consoleapi;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.checks.Check;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.domains.DomainRecord;
import com.mailmoat.core.domains.DomainStatus;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.domains.VerificationResult;
import com.mailmoat.core.session.Session;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain ownership and the DNS checks of the account's verified domains. */
public final class DomainRoutes implements SessionRoutes.Group {
    private final AccountRepository accounts;
    private final DomainVerification domains;
    private final SetupChecks checks;

    public DomainRoutes(AccountRepository accounts, DomainVerification domains, SetupChecks checks) {
        this.accounts = accounts;
        this.domains = domains;
        this.checks = checks;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/domains", (request, session) -> list(session))
                .json("POST /api/domains", 201, (request, session) -> add(session, request.requireStrings("domain").get(0)))
                .json("POST /api/domains/{domain}/verify", 200, (request, session) -> verify(session,
                        request.pathParameter("domain").orElseThrow(() -> ApiError.notFound("No domain given"))))
                .route("DELETE /api/domains/{domain}", (request, session) -> {
                    if (!domains.remove(session.accountId(), request.pathParameter("domain").orElse(""))) {
                        throw ApiError.notFound("There is no such domain on this account.");
                    }
                    return com.mailmoat.lambda.http.ApiResponses.noContent(List.of());
                })
                .get("/api/checks", (request, session) -> checks(session));
    }

    private Map<String, Object> list(Session session) {
        return Map.of("domains", domains.list(session.accountId(), account(session).tenantDomains()).stream()
                .map(DomainRoutes::domain).toList());
    }

    private Map<String, Object> add(Session session, String name) {
        DomainRecord record = domains.add(session.accountId(), name);
        return domain(new DomainStatus(record.domain(), record.state(), record.domain(), record.txtRecord()));
    }

    private Map<String, Object> verify(Session session, String name) {
        VerificationResult result = domains.verify(session.accountId(), name);
        if (result.outcome() == VerificationResult.Outcome.UNKNOWN_DOMAIN) {
            // Not echoing the name: errors never repeat what the caller sent.
            throw ApiError.notFound("Add this domain before verifying it.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", result.domain());
        body.put("state", result.state().name());
        body.put("outcome", result.outcome().name());
        body.put("message", result.message());
        body.put("evidence", result.evidence());
        return body;
    }

    private Map<String, Object> checks(Session session) {
        List<Check> results = checks.runAll(domains.verifiedDomains(session.accountId()), account(session).region());
        return Map.of("checks", results.stream().map(DomainRoutes::check).toList());
    }

    private Account account(Session session) {
        return accounts.findById(session.accountId()).orElseThrow(ApiError::unauthorized);
    }

    private static Map<String, Object> domain(DomainStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", status.domain());
        body.put("state", status.state().name());
        body.put("txtName", status.recordName());
        body.put("txtValue", status.txtRecord());
        return body;
    }

    private static Map<String, Object> check(Check check) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", check.id());
        body.put("status", check.status().name());
        body.put("message", check.message());
        body.put("evidence", check.evidence());
        body.put("fix", check.fix());
        body.put("fixName", check.fixName());
        body.put("fixWhen", check.fixWhen());
        return body;
    }
}
