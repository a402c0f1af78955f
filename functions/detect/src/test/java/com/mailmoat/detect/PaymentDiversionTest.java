package com.mailmoat.detect;

import static com.mailmoat.detect.Fixtures.ENGINE;
import static com.mailmoat.detect.Fixtures.contoso;
import static com.mailmoat.detect.Fixtures.mail;
import static com.mailmoat.detect.Fixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.detect.domain.Lookalikes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Payment diversion (vendor bank-detail change BEC) and lookalikes of the organisation a message
 * speaks for, of correspondents and of the tenant, on emails written for these tests: the fraud
 * is flagged with reasons naming the lookalike domain and the change, an ordinary invoice from
 * the real partner and a partner's authenticated notice from its known domain are not.
 */
class PaymentDiversionTest {

    private static final String PASS = "spf=pass (sender IP is 198.51.100.9) smtp.mailfrom=%1$s; dkim=pass (signature was"
            + " verified) header.d=%1$s;dmarc=pass action=none header.from=%1$s;compauth=pass reason=100";
    private static final String NONE = "spf=pass (sender IP is 203.0.113.9) smtp.mailfrom=%1$s; dkim=none (message not"
            + " signed) header.d=none;dmarc=none action=none header.from=%1$s;compauth=softpass reason=201";

    private static final String CHANGE_BODY = "Hello Pat,\r\n\r\nOur bank details have changed after a merger of our"
            + " banks. Please make all future payments to the account below and update your records.\r\n\r\n"
            + "IBAN: GB29 NWBK 6016 1331 9268 19\r\nBIC: NWBKGB2L\r\n\r\nRegards,\r\nTom Reyes\r\nTailspin Freight\r\n";

    static byte[] message(String fromName, String address, String auth, String subject, String body) {
        String domain = address.substring(address.indexOf('@') + 1);
        String mime = "Authentication-Results: " + String.format(auth, domain) + "\r\n"
                + "Received: from mail." + domain + " (198.51.100.9) by CY4PR11MB0001.namprd11.prod.outlook.com with"
                + " Microsoft SMTP Server; Tue, 4 Mar 2025 10:00:00 +0000\r\n"
                + "From: \"" + fromName + "\" <" + address + ">\r\nTo: \"Pat Kim\" <pat@contoso.com>\r\nSubject: " + subject
                + "\r\nDate: Tue, 4 Mar 2025 10:00:00 +0000\r\nMessage-ID: <t@" + domain + ">\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body;
        return mime.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<Reason> reason(Verdict v, String rule) {
        return v.reasons().stream().filter(r -> r.rule().equals(rule)).findFirst();
    }

    @Test
    void bankChangeFromALookalikeOfThePartnerIsFlaggedWithReasonsNamingTheDomain() {
        Verdict v = ENGINE.evaluate(mail("bec-bank-change-lookalike.eml"), contoso());

        assertThat(v.flagged()).as(v.toString()).isTrue();
        assertThat(v.categories()).contains(Category.BEC);
        assertThat(reason(v, "IMP_SENDER_IMITATES_NAMED_ORG")).get().satisfies(r -> assertThat(r.evidence())
                .contains("fabrikarn-supplies.example").contains("fabrikam supplies").contains("lookalike spelling"));
        assertThat(reason(v, "CORR_PAYMENT_DIVERSION")).get().satisfies(r -> assertThat(r.evidence())
                .contains("switched banks").contains("a sort code").contains("olivia.grant@fabrikarn-supplies.example")
                .contains("not authenticated by DMARC").contains("a lookalike domain"));
        assertThat(rules(v)).contains("LANG_BANK_DETAILS_CHANGE", "LANG_BANK_DETAILS_CHANGE_STRONG");
    }

    @Test
    void anOrdinaryInvoiceFromTheRealPartnerIsClean() {
        Verdict v = ENGINE.evaluate(mail("invoice-real-partner.eml"), contoso());

        assertThat(v.flagged()).as(v.toString()).isFalse();
        assertThat(rules(v)).doesNotContain("CORR_PAYMENT_DIVERSION", "LANG_BANK_DETAILS_CHANGE",
                "IMP_SENDER_IMITATES_NAMED_ORG", "IMP_TENANT_LOOKALIKE_DOMAIN");
    }

    @Test
    void theNameWithAWordAddedIsALookalike() {
        Verdict v = ENGINE.evaluate(message("Tom Reyes", "tom.reyes@tailspin-freight-portal.example", NONE,
                "New bank details", CHANGE_BODY), contoso());

        assertThat(v.flagged()).as(v.toString()).isTrue();
        assertThat(reason(v, "IMP_SENDER_IMITATES_NAMED_ORG")).get().satisfies(r -> assertThat(r.evidence())
                .contains("tailspin-freight-portal.example").contains("\"tailspin freight\"").contains("-portal"));
        assertThat(reason(v, "CORR_PAYMENT_DIVERSION")).get().satisfies(r -> assertThat(r.evidence())
                .contains("an IBAN").contains("a SWIFT/BIC code"));
    }

    @Test
    void swappedLettersOfACorrespondentsDomainAreALookalike() {
        TenantContext known = contoso().toBuilder().knownSenders(Set.of("tailspin-freight.example", "gmail.com")).build();
        Verdict v = ENGINE.evaluate(message("Tom Reyes", "tom.reyes@tailspin-frieght.example", NONE, "Change of bank",
                CHANGE_BODY), known);

        assertThat(v.flagged()).as(v.toString()).isTrue();
        assertThat(reason(v, "IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN")).get().satisfies(r -> assertThat(r.evidence())
                .contains("tailspin-frieght.example resembles tailspin-freight.example, a correspondent"));
        assertThat(reason(v, "CORR_PAYMENT_DIVERSION")).get().satisfies(r -> assertThat(r.evidence())
                .contains("a first contact"));
    }

    @Test
    void aPartnersAuthenticatedNoticeFromItsKnownDomainIsNotADiversion() {
        TenantContext known = contoso().toBuilder().knownSenders(Set.of("tailspin-freight.example")).build();
        Verdict v = ENGINE.evaluate(message("Tom Reyes", "tom.reyes@tailspin-freight.example", PASS, "Our bank details",
                CHANGE_BODY), known);

        assertThat(rules(v)).contains("LANG_BANK_DETAILS_CHANGE").doesNotContain("CORR_PAYMENT_DIVERSION",
                "IMP_SENDER_IMITATES_NAMED_ORG", "IMP_KNOWN_SENDER_LOOKALIKE_DOMAIN");
        assertThat(v.flagged()).as(v.toString()).isFalse();
    }

    @Test
    void digitSwapsAndAddedWordsImitateTheTenantsOwnDomain() {
        Verdict digitAndWord = ENGINE.evaluate(message("IT Service Desk", "it@c0ntoso-support.example", PASS,
                "Mailbox quota", "Hello,\r\n\r\nYour quota was raised.\r\n"), contoso());
        assertThat(reason(digitAndWord, "IMP_TENANT_LOOKALIKE_DOMAIN")).get().satisfies(r -> assertThat(r.evidence())
                .contains("c0ntoso-support.example resembles contoso.com").contains("-support"));

        // an authenticated company whose name merely contains the tenant's is another company...
        Verdict otherCompany = ENGINE.evaluate(message("Contoso Legal Partners", "mia@contoso-legal.example", PASS,
                "Engagement letter", "Hello Pat,\r\n\r\nThe engagement letter is ready for signature.\r\n"), contoso());
        assertThat(rules(otherCompany)).doesNotContain("IMP_TENANT_LOOKALIKE_DOMAIN", "IMP_TENANT_NAME_IN_DISPLAY");
        // ...unlike the tenant's name with a word phishers add, authenticated or not
        Verdict added = ENGINE.evaluate(message("Contoso Support", "help@contoso-portal.example", PASS,
                "Engagement letter", "Hello Pat,\r\n\r\nThe engagement letter is ready for signature.\r\n"), contoso());
        assertThat(rules(added)).contains("IMP_TENANT_LOOKALIKE_DOMAIN");
    }

    @Test
    void imitationSaysHowAndIgnoresTheNameItself() {
        Set<String> additions = Set.of("support", "secure", "portal");
        assertThat(Lookalikes.imitation("adaturn-consulting", "adatumconsulting", additions, true)).contains("lookalike");
        assertThat(Lookalikes.imitation("adatum-consulting-support", "adatumconsulting", additions, true))
                .contains("-support");
        assertThat(Lookalikes.imitation("secure-adatum", "adatum", additions, false)).contains("secure-");
        assertThat(Lookalikes.imitation("adatmu-consulting", "adatumconsulting", additions, true)).contains("lookalike");
        assertThat(Lookalikes.imitation("adatmu-consulting", "adatumconsulting", additions, false)).isNull();
        assertThat(Lookalikes.imitation("adatum-consulting", "adatumconsulting", additions, true)).isNull();
        assertThat(Lookalikes.imitation("northwind-traders", "northwind", additions, true)).isNull();
    }

    @Test
    void bankCoordinatesAreRecognisedByTheirShape() {
        assertThat(com.mailmoat.detect.correlation.PaymentDiversionAccess.coordinates(
                "IBAN: DE89 3704 0044 0532 0130 00\nSWIFT: COBADEFFXXX")).isEqualTo("an IBAN, a SWIFT/BIC code");
        assertThat(com.mailmoat.detect.correlation.PaymentDiversionAccess.coordinates(
                "Call me about the account, number 5 in the list")).isNull();
    }
}
