package com.mailmoat.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.detect.message.Limits;
import com.mailmoat.detect.rules.RuleBook;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Allowed (permitted) senders as Microsoft's Tenant Allow/Block List treats allow entries: they
 * override spam and phishing below malicious strength, never malware or high-confidence phishing,
 * and only for authenticated senders; the verdict says which happened.
 */
class PermittedSenderTest {

    private static TenantContext allowing(String... values) {
        return Fixtures.contoso().toBuilder().permittedSenders(Set.of(values)).build();
    }

    private static Reason reason(Verdict v, String rule) {
        return v.reasons().stream().filter(r -> r.rule().equals(rule)).findFirst().orElse(null);
    }

    @Test
    void malwareFromAnAllowedSenderStaysMaliciousAndSaysWhyTheEntryDidNotApply() {
        byte[] mail = Fixtures.mail("att-double-extension.eml");
        Verdict without = Fixtures.ENGINE.evaluate(mail, Fixtures.contoso());
        Verdict with = Fixtures.ENGINE.evaluate(mail, allowing("supplier-invoices.example"));

        assertThat(without.level()).isEqualTo(Level.MALICIOUS);
        assertThat(with.level()).isEqualTo(Level.MALICIOUS);
        assertThat(with.score()).isEqualTo(without.score());
        assertThat(with.categories()).contains(Category.MALWARE);
        assertThat(reason(with, "POLICY_PERMITTED_SENDER")).isNull();
        assertThat(reason(with, "POLICY_PERMITTED_NOT_APPLIED").evidence())
                .contains("accounts@supplier-invoices.example").contains("malicious from 9");
    }

    @Test
    void spoofedMailFromAnAllowedDomainIsNotOverridden() {
        // the audit's case: an extortion message, spf=fail and no DMARC, from an allowed domain
        byte[] mail = ("Authentication-Results: mx.contoso.com; spf=fail smtp.mailfrom=mailer.example; dkim=none; dmarc=none\r\n"
                + new String(Fixtures.mail("lang-extortion.eml"), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        Verdict without = Fixtures.ENGINE.evaluate(mail, Fixtures.contoso());
        Verdict with = Fixtures.ENGINE.evaluate(mail, allowing("mailer-relay.example"));

        assertThat(without.flagged()).isTrue();
        assertThat(with.level()).isEqualTo(without.level());
        assertThat(with.score()).isGreaterThan(without.score());
        assertThat(reason(with, "POLICY_PERMITTED_BUT_FORGED").evidence())
                .contains("spf=fail").contains("DMARC did not pass").contains("anti-spoofing exceptions");
        assertThat(reason(with, "POLICY_PERMITTED_SENDER")).isNull();
    }

    @Test
    void ownDomainClaimedFromOutsideIsNeverAllowedEvenWhenTheOwnDomainIsListed() {
        Verdict v = Fixtures.ENGINE.evaluate(Fixtures.mail("auth-own-domain-spoofed.eml"), allowing("contoso.com"));

        assertThat(v.flagged()).isTrue();
        assertThat(reason(v, "POLICY_PERMITTED_BUT_FORGED")).isNotNull();
        assertThat(reason(v, "POLICY_PERMITTED_SENDER")).isNull();
    }

    @Test
    void authenticatedAllowedSenderHasSpamAndLookalikeFindingsOverriddenAndSaysWhatItWouldHaveBeen() {
        byte[] mail = Fixtures.mail("imp-brand-lookalike.eml");
        Verdict without = Fixtures.ENGINE.evaluate(mail, Fixtures.contoso());
        Verdict with = Fixtures.ENGINE.evaluate(mail, allowing("paypa1-support.com"));

        assertThat(without.flagged()).isTrue();
        assertThat(with.level()).isEqualTo(Level.CLEAN);
        Reason permitted = reason(with, "POLICY_PERMITTED_SENDER");
        assertThat(permitted.weight()).isEqualTo(-without.score());
        assertThat(permitted.evidence()).contains("without the allow entry " + without.level()).contains("now clean");
    }

    @Test
    void theLenientSettingIgnoresAnSpfFailureWithoutDmarcButNotAForgedOwnDomain() throws IOException {
        DetectionEngine lenient = engineWith("setting permitted-sender-authentication not-forged");
        byte[] mail = ("Authentication-Results: mx.contoso.com; spf=fail smtp.mailfrom=mailer.example; dkim=none; dmarc=none\r\n"
                + "From: <news@partner.example>\r\nTo: pat@contoso.com\r\nSubject: Our newsletter\r\n"
                + "Content-Type: text/plain\r\n\r\nHello, this month's news.\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(reason(lenient.evaluate(mail, allowing("partner.example")), "POLICY_PERMITTED_SENDER")).isNotNull();
        assertThat(reason(Fixtures.ENGINE.evaluate(mail, allowing("partner.example")), "POLICY_PERMITTED_BUT_FORGED")).isNotNull();
        Verdict own = lenient.evaluate(Fixtures.mail("auth-own-domain-spoofed.eml"), allowing("contoso.com"));
        assertThat(reason(own, "POLICY_PERMITTED_BUT_FORGED")).isNotNull();
    }

    @Test
    void anUnknownAuthenticationSettingIsRefusedWhenTheRulesLoad() {
        assertThatThrownBy(() -> engineWith("setting permitted-sender-authentication never"))
                .hasMessageContaining("pass or not-forged");
    }

    /** The shipped rules with {@code line} appended (a later setting wins). */
    private static DetectionEngine engineWith(String line) throws IOException {
        try (InputStream in = RuleBook.class.getResourceAsStream(RuleBook.DEFAULT_RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n" + line + "\n";
            return DetectionEngine.withRules(RuleBook.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))),
                    Limits.defaults());
        }
    }
}
