package com.mailmoat.detect;

import static com.mailmoat.detect.Fixtures.ENGINE;
import static com.mailmoat.detect.Fixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The second round's rule families, each on a malicious email written for this test and a benign
 * look-alike: padded sender names, adverts as account names, brands signed by strangers, public
 * authorities and lookalike spellings in sender names, short reply-seeking openers, call-back
 * scams, crime-tool shops, government-dressed domains; and the tenant's context: the receiving
 * side's authentication results, colleagues' names, first contact.
 */
class SecondRoundRulesTest {

    static byte[] mail(String headers, String contentType, String body) {
        String mime = headers + "Date: Tue, 04 Mar 2025 10:00:00 +0000\r\nMessage-ID: <r2@test.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: " + contentType + "; charset=utf-8\r\n\r\n" + body + "\r\n";
        return mime.getBytes(StandardCharsets.UTF_8);
    }

    static Verdict plain(String from, String subject, String body) {
        return ENGINE.evaluate(mail("From: " + from + "\r\nTo: ann@contoso.com\r\nSubject: " + subject + "\r\n", "text/plain", body),
                TenantContext.empty());
    }

    static Verdict html(String from, String subject, String body) {
        return ENGINE.evaluate(mail("From: " + from + "\r\nTo: ann@contoso.com\r\nSubject: " + subject + "\r\n", "text/html", body),
                TenantContext.empty());
    }

    @Nested
    class PaddedSenderNames {
        @Test
        void tabsRunsOfDotsAndTagsAfterTheQuotedNameArePadding() {
            assertThat(rules(plain("\"Holiday Game\"  .QZRT  <news.qzrt@promo-mailer.example>", "Play now .QZRT", "Win a trip.")))
                    .contains("BULK_PADDED_SENDER_NAME");
            assertThat(rules(plain("Safe Remedies.\t #LN42 <news@remedy-mail.example>", "Try this", "Feel better.")))
                    .contains("BULK_PADDED_SENDER_NAME");
            assertThat(rules(plain("OnlineSecurity...kWzT <news@secure-browse.example>", "Stay safe", "Protect your PC.")))
                    .contains("BULK_PADDED_SENDER_NAME");
        }

        @Test
        void ordinaryNamesWithInitialsOrDomainsAreNot() {
            assertThat(rules(plain("J. R. Smith <jr@fabrikam.example>", "Lunch", "Tomorrow at noon?")))
                    .doesNotContain("BULK_PADDED_SENDER_NAME");
            assertThat(rules(plain("\"Amazon.com\" <orders@amazon.com>", "Your order", "Shipped.")))
                    .doesNotContain("BULK_PADDED_SENDER_NAME");
        }
    }

    @Nested
    class AccountNameAdverts {
        @Test
        void aPasswordLinkWhoseLoginIsAnAdvertIsFlagged() {
            Verdict v = plain("WordPress <wordpress@garden-club.example>", "[Garden Club] Login Details",
                    "Username: www.quick-cash.example - 2.5 BTC WAITING\n\nTo set your password, visit:\n"
                            + "https://garden-club.example/wp-login.php?action=rp&key=Xy12&login=www.quick-cash.example%20-%202.5%20BTC%20WAITING\n");
            assertThat(rules(v)).contains("URL_ACCOUNT_NAME_ADVERT");
            assertThat(v.flagged()).isTrue();
        }

        @Test
        void anOrdinaryLoginIsNot() {
            Verdict v = plain("WordPress <wordpress@garden-club.example>", "[Garden Club] Login Details",
                    "To set your password, visit:\nhttps://garden-club.example/wp-login.php?action=rp&key=Xy12&login=ann.lee\n");
            assertThat(rules(v)).doesNotContain("URL_ACCOUNT_NAME_ADVERT");
        }
    }

    @Nested
    class BrandsSignedByStrangers {
        @Test
        void aBrandAddressSignedOnlyByAnUnrelatedDomainIsSpoofing() {
            Verdict v = ENGINE.evaluate(mail("DKIM-Signature: v=1; a=rsa-sha256; d=cheap-sender.example; s=k1; bh=x; b=y\r\n"
                    + "From: PayPal <service@paypal.com>\r\nTo: ann@contoso.com\r\nSubject: Account limited\r\n", "text/plain",
                    "Your account is limited."), TenantContext.empty());
            assertThat(rules(v)).contains("AUTH_BRAND_SIGNED_BY_OTHER");
        }

        @Test
        void signedByTheBrandOrItsMailingServiceIsFine() {
            Verdict own = ENGINE.evaluate(mail("DKIM-Signature: v=1; a=rsa-sha256; d=paypal.com; s=k1; bh=x; b=y\r\n"
                    + "From: PayPal <service@paypal.com>\r\nTo: ann@contoso.com\r\nSubject: Receipt\r\n", "text/plain", "Thanks."),
                    TenantContext.empty());
            Verdict service = ENGINE.evaluate(mail("DKIM-Signature: v=1; a=rsa-sha256; d=amazonses.com; s=k1; bh=x; b=y\r\n"
                    + "From: PayPal <service@paypal.com>\r\nTo: ann@contoso.com\r\nSubject: Receipt\r\n", "text/plain", "Thanks."),
                    TenantContext.empty());
            assertThat(rules(own)).doesNotContain("AUTH_BRAND_SIGNED_BY_OTHER");
            assertThat(rules(service)).doesNotContain("AUTH_BRAND_SIGNED_BY_OTHER");
        }
    }

    @Nested
    class SenderNames {
        @Test
        void aCourtFromACommercialDomainIsImpersonationAndFromAGovernmentDomainIsNot() {
            assertThat(rules(plain("\"U.S. District Court\" <notice@case-files.example>", "Case documents", "See attached.")))
                    .contains("IMP_AUTHORITY_NAME_UNOFFICIAL");
            assertThat(rules(plain("Finanzamt Berlin <poststelle@finanzamt.berlin.bund.de>", "Bescheid", "Anbei.")))
                    .doesNotContain("IMP_AUTHORITY_NAME_UNOFFICIAL");
            assertThat(rules(plain("Federal Express <updates@fedex.com>", "Delivery", "On its way.")))
                    .doesNotContain("IMP_AUTHORITY_NAME_UNOFFICIAL");
        }

        @Test
        void aBrandSpeltWithACapitalIForAnLIsCaught() {
            Verdict v = plain("\"PayPaI Service\" <service@pp-alerts.example>", "Limited", "Your account is limited.");
            assertThat(rules(v)).contains("IMP_BRAND_NAME_CONFUSABLE");
            assertThat(rules(plain("Ian Wright <ian@fabrikam.example>", "Hello", "Lunch?"))).doesNotContain("IMP_BRAND_NAME_CONFUSABLE");
        }

        @Test
        void aDomainDressedAsGovernmentIsCaught() {
            assertThat(rules(plain("Receita <aviso@receita-gov.example>", "Pendência", "Regularize."))).contains("IMP_GOVERNMENT_LOOKALIKE_DOMAIN");
            assertThat(rules(plain("Alerts <alerts@govdelivery.com>", "Update", "News."))).doesNotContain("IMP_GOVERNMENT_LOOKALIKE_DOMAIN");
            assertThat(rules(plain("Board <board@governance-forum.example>", "Agenda", "Attached."))).doesNotContain("IMP_GOVERNMENT_LOOKALIKE_DOMAIN");
        }

        @Test
        void aNewsletterNamingItselfIsNotImitatingTheBrandItWritesAbout() {
            Verdict v = plain("Gadgetweekly Apple Corner <news@gadgetweekly.example>", "This week", "New tips for your Mac.");
            assertThat(rules(v)).doesNotContain("IMP_BRAND_NAME_UNOFFICIAL_SENDER");
            assertThat(rules(plain("Apple Support <news@gadget-alerts.example>", "Alert", "Check your ID.")))
                    .contains("IMP_BRAND_NAME_UNOFFICIAL_SENDER");
        }
    }

    @Nested
    class Openers {
        @Test
        void aShortReplySeekingNoteFromFreeMailIsFlagged() {
            Verdict v = plain("Miss Laura <laura.x1987@gmail.com>", "Hello", "Please write me back, I have something to disclose to you.");
            assertThat(rules(v)).contains("LANG_CONTACT_OPENER", "CORR_OPENER_FROM_STRANGER");
        }

        @Test
        void aLongMessageWithTheSameWordsIsNotAnOpener() {
            StringBuilder body = new StringBuilder("Are you available on Monday? ");
            for (int i = 0; i < 40; i++) {
                body.append("The test bench results look stable across all the radios we tried. ");
            }
            assertThat(rules(plain("Sam <sam@gmail.com>", "Bench", body.toString()))).doesNotContain("LANG_CONTACT_OPENER");
        }
    }

    @Nested
    class CallBack {
        @Test
        void aChargeAndANumberToCallFromFreeMailIsACallBackScam() {
            Verdict v = plain("Billing <bill.desk22@gmail.com>", "Invoice", "Your plan renewed, USD 349.99 charged."
                    + " Call +1 808 555 0134 to cancel.");
            assertThat(rules(v)).contains("CORR_CALLBACK_PHONE_AND_AMOUNT");
        }

        @Test
        void datesVersionsAndOrderNumbersAreNotPhoneNumbers() {
            Verdict v = plain("Sam <sam@gmail.com>", "Trip", "Booked for 2025-08-15 10:30, cost $650, ref 123456789012.");
            assertThat(rules(v)).doesNotContain("CORR_CALLBACK_PHONE_AND_AMOUNT");
        }
    }

    @Test
    void crimeToolShopsAreSpam() {
        Verdict v = plain("Tools Shop <shop@tools-market.example>", "New stock",
                "Fresh databases, email leads, webmails and tools for spamming: RDP, SMTP, cPanel shell. Contact us.");
        assertThat(rules(v)).contains("LANG_CRIME_TOOLS");
    }

    @Nested
    class ReceivingSide {
        private final TenantContext contoso = Fixtures.contoso();

        @Test
        void exchangeOnlinesArcResultsAtTheTopAreTrusted() {
            byte[] m = mail("ARC-Seal: i=1; a=rsa-sha256; s=arcselector9901; d=microsoft.com; cv=none\r\n"
                    + "ARC-Authentication-Results: i=1; mx.microsoft.com 1; spf=fail smtp.mailfrom=contoso.com; dmarc=fail"
                    + " action=quarantine header.from=contoso.com; dkim=none; compauth=fail reason=000\r\n"
                    + "From: Megan Bowen <megan@contoso.com>\r\nTo: ann@contoso.com\r\nSubject: Wire today\r\n", "text/plain",
                    "Please send the payment today.");
            Verdict v = ENGINE.evaluate(m, contoso);
            assertThat(rules(v)).contains("AUTH_DMARC_FAIL", "AUTH_COMPAUTH_FAIL", "AUTH_OWN_DOMAIN_UNAUTHENTICATED");
            assertThat(v.reasons()).anyMatch(r -> r.evidence().contains("of the receiving server"));
        }

        @Test
        void aPassTheSenderWroteIntoTheirOwnHeaderIsNotTrusted() {
            // the forger's "dmarc=pass" sits below their own From: it cannot vouch for an outside origin
            byte[] m = mail("Return-Path: <bounce@mailer.example>\r\nFrom: Megan Bowen <megan@contoso.com>\r\n"
                    + "Authentication-Results: contoso.com; spf=pass; dkim=pass; dmarc=pass header.from=contoso.com\r\n"
                    + "To: ann@contoso.com\r\nSubject: Wire today\r\n", "text/plain", "Please send the payment today.");
            assertThat(rules(ENGINE.evaluate(m, contoso))).contains("AUTH_OWN_DOMAIN_UNAUTHENTICATED").doesNotContain("AUTH_DMARC_PASS");
        }

        @Test
        void theReceivingServersPassAboveTheMessageIsTrusted() {
            byte[] m = mail("Authentication-Results: spf=pass smtp.mailfrom=contoso.com; dkim=pass header.d=contoso.com;"
                    + " dmarc=pass action=none header.from=contoso.com; compauth=pass reason=100\r\n"
                    + "Received: from mail.contoso.com by mx.protection.example\r\nReturn-Path: <megan@bounces.partner.example>\r\n"
                    + "From: Megan Bowen <megan@contoso.com>\r\nTo: ann@contoso.com\r\nSubject: Agenda\r\n", "text/plain", "See you.");
            Verdict v = ENGINE.evaluate(m, contoso);
            assertThat(rules(v)).contains("AUTH_DMARC_PASS").doesNotContain("AUTH_OWN_DOMAIN_UNAUTHENTICATED");
        }

        @Test
        void aValidatedChainReportsHowTheMailFirstEnteredMicrosoft() {
            // i=2 is a later Microsoft hop (a forward) that passed the forwarder; its seal verified the chain,
            // so i=1, the arrival of the original, is authentic and tells about the sender
            byte[] m = mail("ARC-Seal: i=2; a=rsa-sha256; s=arcselector9901; d=microsoft.com; cv=pass\r\n"
                    + "ARC-Authentication-Results: i=2; mx.microsoft.com 1; spf=pass smtp.mailfrom=forwarder.example; dmarc=pass"
                    + " header.from=forwarder.example\r\n"
                    + "ARC-Seal: i=1; a=rsa-sha256; s=arcselector9901; d=microsoft.com; cv=none\r\n"
                    + "ARC-Authentication-Results: i=1; mx.microsoft.com 1; spf=fail smtp.mailfrom=paypal.com; dmarc=fail"
                    + " header.from=paypal.com\r\n"
                    + "From: PayPal <service@paypal.com>\r\nTo: ann@contoso.com\r\nSubject: Limited\r\n", "text/plain", "Verify.");
            Verdict v = ENGINE.evaluate(m, TenantContext.empty());
            assertThat(rules(v)).contains("AUTH_DMARC_FAIL");
            assertThat(v.reasons()).anyMatch(r -> r.evidence().contains("i=1"));
        }
    }

    @Nested
    class TenantContextSignals {
        private final TenantContext contoso = Fixtures.contoso().toBuilder()
                .knownSenders(Set.of("fabrikam.example", "megan.private@gmail.com")).build();

        @Test
        void aColleaguesNameWithAMiddleInitialOrAdditionsFromOutsideIsImpersonation() {
            for (String name : List.of("Megan J. Bowen", "\"Bowen, Megan\"", "\"Megan Bowen (CEO)\"", "Bowen Megan")) {
                Verdict v = ENGINE.evaluate(mail("From: " + name + " <ceo.office@gmail.com>\r\nTo: ann@contoso.com\r\n"
                        + "Subject: Quick task\r\n", "text/plain", "Are you at your desk?"), contoso);
                assertThat(rules(v)).as(name).contains("IMP_INTERNAL_USER_NAME");
            }
        }

        @Test
        void aColleaguesKnownPrivateAddressIsNotImpersonation() {
            Verdict v = ENGINE.evaluate(mail("From: Megan Bowen <megan.private@gmail.com>\r\nTo: ann@contoso.com\r\n"
                    + "Subject: Photos\r\n", "text/plain", "Here are the photos from Saturday."), contoso);
            assertThat(rules(v)).doesNotContain("IMP_INTERNAL_USER_NAME", "IMP_VIP_NAME", "CTX_FIRST_CONTACT");
        }

        @Test
        void aFirstContactIsNotedAndWithALureWeighsMore() {
            Verdict hello = ENGINE.evaluate(mail("From: Lee <lee@newvendor.example>\r\nTo: ann@contoso.com\r\nSubject: Hello\r\n",
                    "text/plain", "Nice to meet you at the fair."), contoso);
            assertThat(rules(hello)).contains("CTX_FIRST_CONTACT").doesNotContain("CTX_FIRST_CONTACT_WITH_LURE");
            assertThat(hello.level()).isEqualTo(Level.CLEAN);
            Verdict lure = ENGINE.evaluate(mail("From: Lee <lee@newvendor.example>\r\nTo: ann@contoso.com\r\nSubject: Invoice\r\n",
                    "text/plain", "Please update our bank details and pay the outstanding invoice today by wire transfer."), contoso);
            assertThat(rules(lure)).contains("CTX_FIRST_CONTACT", "CTX_FIRST_CONTACT_WITH_LURE");
            Verdict known = ENGINE.evaluate(mail("From: Lee <lee@fabrikam.example>\r\nTo: ann@contoso.com\r\nSubject: Hello\r\n",
                    "text/plain", "Nice to meet you."), contoso);
            assertThat(rules(known)).doesNotContain("CTX_FIRST_CONTACT");
        }

        @Test
        void withoutAHistoryThereIsNoFirstContactCheck() {
            Verdict v = ENGINE.evaluate(mail("From: Lee <lee@newvendor.example>\r\nTo: ann@contoso.com\r\nSubject: Hello\r\n",
                    "text/plain", "Nice to meet you."), Fixtures.contoso());
            assertThat(rules(v)).doesNotContain("CTX_FIRST_CONTACT");
        }
    }
}
