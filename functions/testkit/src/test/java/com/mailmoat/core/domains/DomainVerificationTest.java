package com.mailmoat.core.domains;

import com.mailmoat.testkit.InMemoryDomains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.checks.DnsAnswer;
import com.mailmoat.core.checks.DnsRecordType;
import com.mailmoat.core.checks.DnsResolver;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainVerificationTest {
    private final Map<String, List<String>> txt = new HashMap<>();
    private final DnsResolver fakeDns = (name, type) -> type == DnsRecordType.TXT && txt.containsKey(name)
            ? DnsAnswer.found(name, type, txt.get(name))
            : DnsAnswer.nxdomain(name, type);
    private final InMemoryDomains repository = new InMemoryDomains();
    private final DomainVerification verification = new DomainVerification(repository, fakeDns,
            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC), () -> "t0k3n");

    @Test
    void addingTwiceKeepsTheFirstTokenAndAccountsAreIsolated() {
        DomainRecord first = verification.add("a", "contoso.example");
        DomainRecord again = verification.add("a", "CONTOSO.example");
        assertThat(again).isEqualTo(first);
        assertThat(verification.list("b")).isEmpty();
        assertThat(verification.verify("b", "contoso.example").outcome())
                .isEqualTo(VerificationResult.Outcome.UNKNOWN_DOMAIN);
    }

    @Test
    void verifiesOnlyWithTheAccountsOwnToken() {
        verification.add("a", "contoso.example");
        txt.put("contoso.example", List.of("mailmoat-verification=t0k3n"));

        assertThat(verification.verify("a", "contoso.example").state()).isEqualTo(DomainState.VERIFIED);
        assertThat(repository.find("a", "contoso.example").orElseThrow().verifiedAt())
                .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void rejectsNamesThatAreNotDomains() {
        assertThatThrownBy(() -> verification.add("a", "not a domain")).isInstanceOf(com.mailmoat.core.validation.InvalidInputException.class);
        assertThatThrownBy(() -> verification.add("a", "localhost")).isInstanceOf(com.mailmoat.core.validation.InvalidInputException.class);
    }
}
