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
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.lambda.http.ApiError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain ownership and the DNS checks of the account's verified domains. */
final class DomainRoutes {
    private final AccountRepository accounts;
    private final DomainVerification domains;
    private final SetupChecks checks;

    DomainRoutes(AccountRepository accounts, DomainVerification domains, SetupChecks checks) {
        this.accounts = accounts;
        this.domains = domains;
        this.checks = checks;
    }

    Map<String, Object> list(Session session) {
        return Map.of("domains", domains.list(session.accountId(), account(session).tenantDomains()).stream()
                .map(DomainRoutes::domain).toList());
    }

    Map<String, Object> add(Session session, String name) {
        DomainRecord record;
        try {
            record = domains.add(session.accountId(), name);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid_request",
                    List.of(new FieldError("domain", "Enter a domain name such as contoso.com.")));
        }
        return domain(new DomainStatus(record.domain(), record.state(), record.domain(), record.txtRecord()));
    }

    Map<String, Object> verify(Session session, String name) {
        VerificationResult result = domains.verify(session.accountId(), name);
        if (result.outcome() == VerificationResult.Outcome.UNKNOWN_DOMAIN) {
            throw ApiError.notFound("Add " + name + " before verifying it.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", result.domain());
        body.put("state", result.state().name());
        body.put("outcome", result.outcome().name());
        body.put("message", result.message());
        body.put("evidence", result.evidence());
        return body;
    }

    Map<String, Object> checks(Session session) {
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
        return body;
    }
}
