package com.mailmoat.adapters.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.detection.Assessment;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.TenantProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The account's sender history reaches the engine: with it, a first contact from a lookalike of a
 * correspondent's domain says so; without it (a tenant Mailmoat has not seen mail of yet), the same
 * message is judged on its own; and each profile is judged with its own history.
 */
class EngineInspectorHistoryTest {
    private static final byte[] LOOKALIKE = ("From: Tom Reyes <tom.reyes@tailspin-frieght.example>\r\n"
            + "To: megan@northwind.example\r\nSubject: Change of bank\r\nDate: Fri, 04 Dec 2026 09:00:00 +0000\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello Megan,\r\n\r\nPlease note we have changed banks. "
            + "Kindly update your records and send future payments to our new account.\r\n\r\nTom Reyes\r\nTailspin Freight\r\n")
            .getBytes(StandardCharsets.UTF_8);

    private final EngineInspector inspector = EngineInspector.withDefaultRules();
    private final TenantProfile northwind = TenantProfile.of(Set.of("northwind.example"), List.of())
            .withAccount("acc-northwind");

    private static List<String> rules(Assessment a) {
        return a.reasons().stream().map(Evidence::rule).toList();
    }

    @Test
    void aLookalikeOfACorrespondentIsNamedOnlyWhenTheHistoryIsKnown() {
        Assessment withHistory = inspector.inspect(LOOKALIKE,
                northwind.withKnownSenders(Set.of("tailspin-freight.example", "fabrikam.example")));
        Assessment without = inspector.inspect(LOOKALIKE, northwind);

        assertThat(rules(withHistory)).contains("IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN", "CTX_FIRST_CONTACT");
        assertThat(withHistory.reasons()).filteredOn(e -> e.rule().equals("IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN"))
                .singleElement().satisfies(e -> assertThat(e.evidence()).contains("resembles tailspin-freight.example"));
        assertThat(withHistory.flagged()).isTrue();
        assertThat(rules(without)).doesNotContain("IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN", "CTX_FIRST_CONTACT");
        assertThat(withHistory.score()).isGreaterThan(without.score());
    }

    @Test
    void aCorrespondentIsNoFirstContact() {
        Assessment known = inspector.inspect(LOOKALIKE, northwind.withKnownSenders(Set.of("tailspin-frieght.example")));
        assertThat(rules(known)).doesNotContain("CTX_FIRST_CONTACT", "IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN");
    }
}
