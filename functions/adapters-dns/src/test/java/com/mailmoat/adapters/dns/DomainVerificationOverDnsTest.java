package com.mailmoat.adapters.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.domains.DomainRecord;
import com.mailmoat.core.domains.DomainRepository;
import com.mailmoat.core.domains.DomainState;
import com.mailmoat.core.domains.DomainStatus;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.domains.VerificationResult;
import com.mailmoat.core.domains.VerificationResult.Outcome;
import com.mailmoat.dnsserver.LoopbackDnsServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Domain ownership verification against real DNS traffic to a loopback server. */
class DomainVerificationOverDnsTest {
    private static final String ACCOUNT = "acct-1";
    private LoopbackDnsServer server;
    private DomainVerification verification;

    /** A map-backed repository; the DynamoDB one is tested in adapters-aws. */
    private static final class MapRepository implements DomainRepository {
        private final Map<String, DomainRecord> records = new ConcurrentHashMap<>();

        @Override
        public void save(DomainRecord record) {
            records.put(record.accountId() + "/" + record.domain(), record);
        }

        @Override
        public Optional<DomainRecord> find(String accountId, String domain) {
            return Optional.ofNullable(records.get(accountId + "/" + domain));
        }

        @Override
        public List<DomainRecord> list(String accountId) {
            return new ArrayList<>(records.values().stream().filter(r -> r.accountId().equals(accountId)).toList());
        }

        @Override
        public boolean delete(String accountId, String domain) {
            return records.remove(accountId + "/" + domain) != null;
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = LoopbackDnsServer.start(0);
        verification = new DomainVerification(new MapRepository(),
                DnsJavaResolver.forServer(server.address(), Duration.ofMillis(800), 1),
                Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC), () -> "token123");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tokenPresentVerifiesTheDomain() {
        DomainRecord added = verification.add(ACCOUNT, "Contoso.Example.");
        assertThat(added.txtRecord()).isEqualTo("mailmoat-verification=token123");
        server.putRecords("contoso.example", Map.of("TXT", List.of("v=spf1 -all", "mailmoat-verification=token123")));

        VerificationResult result = verification.verify(ACCOUNT, "contoso.example");

        assertThat(result.outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(verification.list(ACCOUNT)).containsExactly(new DomainStatus("contoso.example",
                DomainState.VERIFIED, "contoso.example", "mailmoat-verification=token123"));
        assertThat(verification.verifiedDomains(ACCOUNT)).containsExactly("contoso.example");
    }

    @Test
    void tokenAbsentLeavesTheDomainPending() {
        verification.add(ACCOUNT, "contoso.example");
        server.putRecords("contoso.example", Map.of("TXT", List.of("v=spf1 -all")));

        VerificationResult result = verification.verify(ACCOUNT, "contoso.example");

        assertThat(result.outcome()).isEqualTo(Outcome.ABSENT);
        assertThat(result.state()).isEqualTo(DomainState.PENDING);
        assertThat(result.message()).contains("mailmoat-verification=token123");
        assertThat(verification.verifiedDomains(ACCOUNT)).isEmpty();
    }

    @Test
    void wrongTokenIsReportedWithWhatWasSeen() {
        verification.add(ACCOUNT, "contoso.example");
        server.putRecords("contoso.example", Map.of("TXT", List.of("mailmoat-verification=someoneelse")));

        VerificationResult result = verification.verify(ACCOUNT, "contoso.example");

        assertThat(result.outcome()).isEqualTo(Outcome.WRONG_TOKEN);
        assertThat(result.evidence()).containsExactly("mailmoat-verification=someoneelse");
        assertThat(result.state()).isEqualTo(DomainState.PENDING);
    }

    @Test
    void unavailableDnsIsNotAnAbsentRecord() {
        verification.add(ACCOUNT, "contoso.example");
        server.setTimeout("contoso.example", true);

        assertThat(verification.verify(ACCOUNT, "contoso.example").outcome()).isEqualTo(Outcome.DNS_UNAVAILABLE);
    }

    @Test
    void tenantDomainsAreOfferedUntilAdded() {
        verification.add(ACCOUNT, "fabrikam.example");

        List<DomainStatus> listed = verification.list(ACCOUNT,
                List.of("contoso.example", "fabrikam.example", "contoso.onmicrosoft.com"));

        assertThat(listed).extracting(DomainStatus::domain, DomainStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fabrikam.example", DomainState.PENDING),
                org.assertj.core.groups.Tuple.tuple("contoso.example", DomainState.OFFERED));
        assertThat(verification.list("another-account", List.of())).isEmpty();
    }
}
