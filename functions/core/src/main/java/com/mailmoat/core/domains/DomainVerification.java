package com.mailmoat.core.domains;

import com.mailmoat.core.checks.DnsAnswer;
import com.mailmoat.core.checks.DnsRecordType;
import com.mailmoat.core.checks.DnsResolver;
import com.mailmoat.core.domains.VerificationResult.Outcome;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Domain ownership: an administrator adds a domain, publishes the TXT record
 * {@code mailmoat-verification=<token>} at it, and asks us to verify. The Microsoft 365 tenant's
 * own domains (stored on the account when the tenant was linked) are offered for validation
 * without being stored twice. Account ids come from the caller's session, never from input.
 */
public final class DomainVerification {
    /** The prefix of the verification TXT record. */
    public static final String TXT_PREFIX = "mailmoat-verification=";
    private static final Pattern DOMAIN = Pattern.compile(
            "^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DomainRepository repository;
    private final DnsResolver dns;
    private final Clock clock;
    private final Supplier<String> tokens;

    public DomainVerification(DomainRepository repository, DnsResolver dns) {
        this(repository, dns, Clock.systemUTC(), DomainVerification::randomToken);
    }

    /** For tests: a fixed clock and predictable tokens. */
    public DomainVerification(DomainRepository repository, DnsResolver dns, Clock clock, Supplier<String> tokens) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** 128 random bits as 32 lower-case hexadecimal characters. */
    static String randomToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format(Locale.ROOT, "%02x", b));
        }
        return hex.toString();
    }

    /**
     * Adds {@code domain} for verification and returns the TXT record to publish. Adding a domain
     * again returns the same record rather than invalidating one the administrator may already
     * have published.
     *
     * @throws InvalidInputException when {@code domain} is not a valid domain name
     */
    public DomainRecord add(String accountId, String domain) {
        String name = normalize(domain);
        Optional<DomainRecord> existing = repository.find(accountId, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        DomainRecord record = new DomainRecord(accountId, name, tokens.get(), DomainState.PENDING, clock.instant(), null);
        repository.save(record);
        return record;
    }

    /**
     * Removes a domain the administrator added (a typo, a domain that is not theirs): its record and
     * verification go; a domain of the tenant is offered again. False when the account has no such domain.
     */
    public boolean remove(String accountId, String domain) {
        String name;
        try {
            name = normalize(domain);
        } catch (InvalidInputException e) {
            return false;
        }
        return repository.delete(accountId, name);
    }

    /** Looks for the verification record in DNS and marks the domain verified when it matches. */
    public VerificationResult verify(String accountId, String domain) {
        String name = normalize(domain);
        Optional<DomainRecord> stored = repository.find(accountId, name);
        if (stored.isEmpty()) {
            return new VerificationResult(name, Outcome.UNKNOWN_DOMAIN, DomainState.OFFERED,
                    name + " has not been added yet: add it first to get the record to publish.", List.of());
        }
        DomainRecord record = stored.get();
        DnsAnswer answer = dns.lookup(name, DnsRecordType.TXT);
        if (answer.isUnavailable()) {
            return new VerificationResult(name, Outcome.DNS_UNAVAILABLE, record.state(), "We could not read the DNS "
                    + "records of " + name + " (" + answer.detail() + "). Nothing is wrong with your record as far "
                    + "as we know; try again in a few minutes.", List.of());
        }
        List<String> seen = answer.records().stream()
                .filter(r -> r.regionMatches(true, 0, TXT_PREFIX, 0, TXT_PREFIX.length()))
                .toList();
        boolean matches = seen.stream().anyMatch(r -> r.trim().equals(record.txtRecord()));
        if (matches) {
            DomainRecord verified = record.state() == DomainState.VERIFIED ? record : record.verified(clock.instant());
            repository.save(verified);
            return new VerificationResult(name, Outcome.VERIFIED, DomainState.VERIFIED,
                    "Ownership of " + name + " is verified.", seen);
        }
        if (!seen.isEmpty()) {
            return new VerificationResult(name, Outcome.WRONG_TOKEN, record.state(), name + " publishes a Mailmoat "
                    + "verification record, but not the one for this account. Replace it with the TXT record \""
                    + record.txtRecord() + "\" (DNS changes can take a while to be visible).", seen);
        }
        return new VerificationResult(name, Outcome.ABSENT, record.state(), "We did not find the verification record "
                + "at " + name + ". Publish the TXT record \"" + record.txtRecord() + "\" at " + name
                + " and try again; DNS changes can take a while to be visible.", List.of());
    }

    /** The account's added domains, verified or pending. */
    public List<DomainStatus> list(String accountId) {
        return list(accountId, List.of());
    }

    /**
     * The account's added domains, plus the Microsoft 365 tenant's domains not added yet, offered
     * for validation. Microsoft's own {@code *.onmicrosoft.com} domains are left out: no customer
     * can publish records there.
     */
    public List<DomainStatus> list(String accountId, Collection<String> tenantDomains) {
        Map<String, DomainStatus> byName = new LinkedHashMap<>();
        List<DomainRecord> stored = new ArrayList<>(repository.list(accountId));
        stored.sort((a, b) -> a.domain().compareTo(b.domain()));
        for (DomainRecord record : stored) {
            byName.put(record.domain(), new DomainStatus(record.domain(), record.state(), record.domain(),
                    record.txtRecord()));
        }
        for (String tenantDomain : tenantDomains) {
            String name = tenantDomain.trim().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".onmicrosoft.com") && DOMAIN.matcher(name).matches()) {
                byName.putIfAbsent(name, new DomainStatus(name, DomainState.OFFERED, null, null));
            }
        }
        return List.copyOf(byName.values());
    }

    /** The account's verified domains: the ones the setup checks run for. */
    public List<String> verifiedDomains(String accountId) {
        return repository.list(accountId).stream()
                .filter(r -> r.state() == DomainState.VERIFIED)
                .map(DomainRecord::domain)
                .sorted()
                .toList();
    }

    private static String normalize(String domain) {
        String name = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!DOMAIN.matcher(name).matches()) {
            throw new InvalidInputException(List.of(new FieldError("domain", "Enter a domain name such as contoso.com.")));
        }
        return name;
    }
}
