package com.mailmoat.detect;

import static com.mailmoat.detect.Fixtures.ENGINE;
import static com.mailmoat.detect.Fixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rule families added for spam-like phishing (gambling, dating, miracle cures, crypto
 * giveaways, donation scams, consumer offers, authority notices) and bulk-mail traits, each on a
 * malicious email written for this test and on a benign look-alike that must stay clean.
 */
class RuleFamiliesTest {

    /** A plain-text message from {@code from} with the given subject and body. */
    static Verdict plain(String from, String to, String subject, String body) {
        String mime = "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nDate: Tue, 04 Mar 2025 10:00:00 +0000\r\nMessage-ID: <t1@test.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
        return ENGINE.evaluate(mime.getBytes(StandardCharsets.UTF_8), TenantContext.empty());
    }

    /** An HTML-only message (no plain-text alternative). */
    static Verdict htmlOnly(String from, String to, String subject, String html) {
        String mime = "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nDate: Tue, 04 Mar 2025 10:00:00 +0000\r\nMessage-ID: <t2@test.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n";
        return ENGINE.evaluate(mime.getBytes(StandardCharsets.UTF_8), TenantContext.empty());
    }

    @Nested
    class Gambling {
        @Test
        void casinoBonusWithFreeSpinsIsFlagged() {
            Verdict v = htmlOnly("Lucky Reels <promo@reels-offers.example>", "ann@contoso.com", "Your reward is waiting",
                    "<p>Claim 200 free spins and a 100% welcome bonus at our online casino. No deposit required!</p>"
                            + "<a href=\"https://spin-landing.example/go\">Play</a>");
            assertThat(rules(v)).contains("LANG_GAMBLING");
            assertThat(v.flagged()).isTrue();
            assertThat(v.categories()).contains(Category.SPAM);
        }

        @Test
        void meetingWithFreeSlotsAndAWelcomePackageIsClean() {
            Verdict v = plain("Office Team <team@contoso.com>", "ann@contoso.com", "Onboarding week",
                    "We still have free slots on Thursday for the onboarding session. Your welcome package is at the desk.");
            assertThat(rules(v)).doesNotContain("LANG_GAMBLING");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
        }
    }

    @Nested
    class Dating {
        @Test
        void lonelyWomenWaitingIsFlagged() {
            Verdict v = htmlOnly("Sweet Lena <lena.x@meetnow-site.example>", "ann@contoso.com", "I saw your profile",
                    "<p>Hi, I am 24 and looking for a lover. Lonely women near you want to meet you tonight.</p>"
                            + "<a href=\"https://lovely-profiles.example/p\">Click for date</a>");
            assertThat(rules(v)).contains("LANG_DATING");
            assertThat(v.flagged()).isTrue();
        }

        @Test
        void colleagueAskingToMeetIsClean() {
            Verdict v = plain("Pat Kim <pat@contoso.com>", "ann@contoso.com", "Lunch",
                    "Would be great to meet you on Friday to go through the dating of the invoices in the archive.");
            assertThat(rules(v)).doesNotContain("LANG_DATING");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
        }
    }

    @Nested
    class MiracleHealth {
        @Test
        void weightLossSupplementIsRecognised() {
            Verdict v = plain("Slim Secret <news@slimfast-offers.example>", "ann@contoso.com", "Doctors are stunned",
                    "This all natural supplement melts belly fat and controls blood sugar. Lose weight without dieting!");
            assertThat(rules(v)).contains("LANG_MIRACLE_HEALTH");
        }

        @Test
        void benefitsNewsletterMentioningOneHealthTopicIsNotMatched() {
            Verdict v = plain("HR <hr@contoso.com>", "ann@contoso.com", "Benefits update",
                    "Our health insurance now covers a yearly check-up including blood tests.");
            assertThat(rules(v)).doesNotContain("LANG_MIRACLE_HEALTH");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
        }
    }

    @Nested
    class CryptoGiveaway {
        @Test
        void tokenAirdropToClaimIsFlagged() {
            Verdict v = plain("Token Team <hello@newtoken-launch.example>", "ann@contoso.com", "Your allocation is ready",
                    "The token airdrop is live: claim your tokens before Friday. Connect your wallet to receive them.");
            assertThat(rules(v)).contains("LANG_CRYPTO_GIVEAWAY");
            assertThat(v.categories()).contains(Category.PHISHING);
        }

        @Test
        void financeTeamTalkingAboutTokensForTheCanteenIsClean() {
            Verdict v = plain("Finance <finance@contoso.com>", "ann@contoso.com", "Canteen tokens",
                    "Canteen tokens can be collected at reception. Keep your badge with you.");
            assertThat(rules(v)).doesNotContain("LANG_CRYPTO_GIVEAWAY", "LANG_CRYPTO_PROMO");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
        }
    }

    @Nested
    class DonationWindfall {
        @Test
        void dyingDonorOfferingMillionsIsFlagged() {
            Verdict v = plain("Mrs Helen Grant <helen.grant1950@gmail.com>", "undisclosed-recipients:;", "Good day",
                    "I was diagnosed with cancer and my last wish is to donate the sum of 4.5 million USD to charity work "
                            + "through you. You were selected to receive this donation. Reply with your full name.");
            assertThat(rules(v)).contains("LANG_DONATION_WINDFALL", "BULK_UNDISCLOSED_RECIPIENTS");
            assertThat(v.flagged()).isTrue();
        }

        @Test
        void thankYouForSupportingTheFoodBankIsClean() {
            Verdict v = plain("Food Bank <thanks@foodbank.example>", "ann@contoso.com", "Thank you",
                    "Thank you for supporting the food bank this winter. Our volunteers packed 3,000 parcels.");
            assertThat(rules(v)).doesNotContain("LANG_DONATION_WINDFALL", "LANG_ADVANCE_FEE_WEAK");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
        }
    }

    @Nested
    class OfficialNotice {
        @Test
        void fakeCourtSummonsIsRecognised() {
            Verdict v = plain("Court Notification <notice@case-files.example>", "ann@contoso.com", "Legal notice",
                    "District court summons: a case was filed against you. Download the document before the hearing.");
            assertThat(rules(v)).contains("LANG_OFFICIAL_NOTICE");
        }

        @Test
        void legalTeamMentioningACourtDateOnceIsNotMatched() {
            Verdict v = plain("Legal <legal@contoso.com>", "ann@contoso.com", "Case update",
                    "The hearing moved to May. No action needed from your side.");
            assertThat(rules(v)).doesNotContain("LANG_OFFICIAL_NOTICE");
        }
    }

    @Nested
    class BulkTraits {
        @Test
        void decoratedSenderGreetingByAddressWithMoneyInTheSubjectIsFlagged() {
            Verdict v = htmlOnly("=?UTF-8?B?8J+OgSBSZXdhcmRzIERlc2sg8J+SsA==?= <desk@prize-center.example>", "ann@contoso.com",
                    "=?UTF-8?Q?Your_=E2=82=AC2.500_payout_is_pending?=",
                    "<html><body><p>Hello ann@contoso.com,</p><p>your balance is waiting.</p>"
                            + "<a href=\"https://prize-center.example/c\">Confirm</a></body></html>");
            assertThat(rules(v)).contains("BULK_PICTOGRAPH_SENDER_NAME", "BULK_ADDRESS_AS_NAME", "BULK_MONEY_IN_SUBJECT",
                    "BULK_HTML_ONLY");
            assertThat(v.flagged()).isTrue();
        }

        @Test
        void receiptWithSmallAmountAndNamedGreetingIsClean() {
            Verdict v = plain("Shop <orders@shop.example>", "ann@contoso.com", "=?UTF-8?Q?Your_receipt_for_$12.99_=F0=9F=93=A6?=",
                    "Hello Ann, thank you for your order. Questions? Write to orders@shop.example.");
            assertThat(rules(v)).doesNotContain("BULK_PICTOGRAPH_SENDER_NAME", "BULK_ADDRESS_AS_NAME",
                    "BULK_MONEY_IN_SUBJECT", "BULK_HTML_ONLY", "BULK_UNDISCLOSED_RECIPIENTS");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
        }
    }

    @Nested
    class SenderOnFreeHosting {
        @Test
        void mailFromAnAppHostingDefaultDomainIsNoted() {
            Verdict v = plain("Payment Desk <noreply@pay-confirm-3f2a1.firebaseapp.com>", "ann@contoso.com",
                    "Payment received", "You have received a transfer. Confirm your address to collect it.");
            assertThat(rules(v)).contains("AUTH_SENDER_FREE_HOST");
        }

        @Test
        void theSameTextFromAnOrganisationsDomainIsNot() {
            Verdict v = plain("Payments <noreply@payments.contoso.com>", "ann@contoso.com",
                    "Payment received", "You have received a transfer. Confirm your address to collect it.");
            assertThat(rules(v)).doesNotContain("AUTH_SENDER_FREE_HOST");
        }
    }

    @Nested
    class LureSenderNames {
        @Test
        void aSenderNamedAfterAPrizeIsNoted() {
            Verdict v = plain("Gift Card Winner <info@promo-mailer.example>", "ann@contoso.com", "Hello",
                    "See attached.");
            assertThat(rules(v)).contains("LANG_LURE_SENDER_NAME");
        }

        @Test
        void aPersonOrOrganisationIsNot() {
            Verdict v = plain("Contoso Travel Desk <travel@contoso.com>", "ann@contoso.com", "Hello", "See attached.");
            assertThat(rules(v)).doesNotContain("LANG_LURE_SENDER_NAME");
        }
    }

    @Nested
    class InvoiceFromFreeMail {
        @Test
        void aPurchaseReceiptFromWebmailIsFlagged() {
            Verdict v = plain("Billing <billing.desk2024@gmail.com>", "ann@contoso.com", "Order confirmation",
                    "Thank you for your recent purchase. Your order has been processed and $499.99 will be charged to your account."
                            + " If you did not authorize this, call us at 1-800-000-0000.");
            assertThat(rules(v)).contains("LANG_CALLBACK_INVOICE", "CORR_INVOICE_FROM_FREEMAIL");
            assertThat(v.flagged()).isTrue();
        }

        @Test
        void theSameReceiptFromTheShopsDomainIsNotCorrelated() {
            Verdict v = plain("Billing <billing@shop.example>", "ann@contoso.com", "Order confirmation",
                    "Thank you for your recent purchase. Your order has been processed and $499.99 will be charged to your account.");
            assertThat(rules(v)).doesNotContain("CORR_INVOICE_FROM_FREEMAIL");
        }
    }

    @Nested
    class RawUtf8Headers {
        @Test
        void aRawUtf8SubjectIsReadAsTheClientShowsIt() {
            String mime = "From: =?UTF-8?Q?Gl=C3=BCcksrad?= <promo@spin-offers.example>\r\nTo: ann@contoso.com\r\n"
                    + "Subject: Ihre Freispiele warten \uD83C\uDFB0 ohne Einzahlung\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n\r\nJetzt spielen.\r\n";
            Verdict v = ENGINE.evaluate(mime.getBytes(StandardCharsets.UTF_8), TenantContext.empty());
            assertThat(rules(v)).contains("LANG_GAMBLING", "BULK_PICTOGRAPH_SUBJECT");
        }

        @Test
        void invisibleTagCharactersBetweenLettersAreCountedAndFolded() {
            String tag = "\uDB40\uDD39";
            String word = "M" + tag + "i" + tag + "c" + tag + "r" + tag + "o" + tag + "s" + tag + "o" + tag + "f" + tag + "t";
            Verdict v = plain("Billing <billing@invoices-now.example>", "ann@contoso.com", "Invoice",
                    word + " account: your password expires today, keep your current password here.");
            assertThat(rules(v)).contains("LANG_INVISIBLE_SPLIT_WORDS", "LANG_CREDENTIAL_LURE");
        }
    }

    @Nested
    class LinksAwayFromTheSender {
        private Verdict withLink(String from, String href) {
            return htmlOnly(from, "ann@contoso.com", "News",
                    "<p>Our spring update.</p><a href=\"" + href + "\">Read more</a>");
        }

        @Test
        void aNewsletterWhoseOnlyLinkLeadsToAnotherOrganisationIsNoted() {
            assertThat(rules(withLink("Shop News <news@shop.example>", "https://unrelated-landing.example/x")))
                    .contains("CORR_NO_LINK_TO_SENDER");
        }

        @Test
        void htmlOnlyWithLinksAwayIsTheMassMailShape() {
            assertThat(rules(withLink("Shop News <news@shop.example>", "https://unrelated-landing.example/x")))
                    .contains("CORR_HTML_ONLY_LINKS_AWAY");
        }

        @Test
        void thePlainTextAlternativeOfANewsletterAvoidsTheMassMailShape() {
            String mime = "From: Shop News <news@shop.example>\r\nTo: ann@contoso.com\r\nSubject: News\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
                    + "--b\r\nContent-Type: text/plain\r\n\r\nOur spring update: https://partner.example/x\r\n"
                    + "--b\r\nContent-Type: text/html\r\n\r\n<a href=\"https://partner.example/x\">Read</a>\r\n--b--\r\n";
            Verdict v = ENGINE.evaluate(mime.getBytes(StandardCharsets.UTF_8), TenantContext.empty());
            assertThat(rules(v)).contains("CORR_NO_LINK_TO_SENDER").doesNotContain("CORR_HTML_ONLY_LINKS_AWAY");
        }

        @Test
        void linksToTheSendersSiteOrThroughAClickTrackerAreNot() {
            assertThat(rules(withLink("Shop News <news@mail.shop.example>", "https://www.shop.example/spring")))
                    .doesNotContain("CORR_NO_LINK_TO_SENDER");
            assertThat(rules(withLink("Shop News <news@shop.example>", "https://click.mailer-service.example/abc")))
                    .doesNotContain("CORR_NO_LINK_TO_SENDER");
            assertThat(rules(withLink("Amazon <store-news@amazon.com>", "https://www.amazon.co.uk/deals")))
                    .doesNotContain("CORR_NO_LINK_TO_SENDER");
        }
    }
}
