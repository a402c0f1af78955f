package com.mailmoat.detect;

import static com.mailmoat.detect.Fixtures.evaluate;
import static com.mailmoat.detect.Fixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each analyzer on a malicious email and on a benign look-alike, through the public engine. */
class AnalyzersTest {

    @Nested
    class SenderAuthentication {
        @Test
        void ownDomainFromOutsideWithDmarcFailureIsMaliciousSpoofing() {
            Verdict v = evaluate("auth-own-domain-spoofed.eml");
            assertThat(v.level()).isEqualTo(Level.MALICIOUS);
            assertThat(v.categories()).contains(Category.SPOOFING);
            assertThat(rules(v)).contains("AUTH_OWN_DOMAIN_UNAUTHENTICATED", "AUTH_DMARC_FAIL", "LANG_PAYMENT_BEC");
        }

        @Test
        void authenticatedInternalMailIsClean() {
            Verdict v = evaluate("auth-own-domain-genuine.eml");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
            assertThat(rules(v)).doesNotContain("AUTH_OWN_DOMAIN_UNAUTHENTICATED", "AUTH_DMARC_FAIL");
        }
    }

    @Nested
    class Impersonation {
        @Test
        void executiveNameFromFreeMailAskingForGiftCardsIsFlaggedAsBec() {
            Verdict v = evaluate("imp-ceo-freemail.eml");
            assertThat(v.flagged()).isTrue();
            assertThat(rules(v)).contains("IMP_INTERNAL_USER_NAME", "IMP_VIP_NAME", "LANG_PAYMENT_BEC");
            assertThat(v.categories()).contains(Category.BEC, Category.IMPERSONATION);
        }

        @Test
        void theExecutiveWritingFromTheTenantDomainIsClean() {
            Verdict v = evaluate("imp-ceo-genuine.eml");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
            assertThat(rules(v)).doesNotContain("IMP_INTERNAL_USER_NAME", "IMP_VIP_NAME");
        }

        @Test
        void brandLookalikeDomainIsFlaggedWithTheBrandNamed() {
            Verdict v = evaluate("imp-brand-lookalike.eml");
            assertThat(v.level()).isEqualTo(Level.MALICIOUS);
            assertThat(v.reasons()).anySatisfy(r -> {
                assertThat(r.rule()).isEqualTo("IMP_BRAND_LOOKALIKE_DOMAIN");
                assertThat(r.evidence()).contains("paypa1-support.com").contains("paypal");
            });
        }

        @Test
        void receiptFromTheBrandsOwnDomainIsClean() {
            Verdict v = evaluate("imp-brand-genuine.eml");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
            assertThat(rules(v)).noneMatch(r -> r.startsWith("IMP_"));
        }
    }

    @Nested
    class Urls {
        @Test
        void ipLinkBehindABrandUrlWithPasswordFormIsMaliciousPhishing() {
            Verdict v = evaluate("url-ip-mismatch.eml");
            assertThat(v.level()).isEqualTo(Level.MALICIOUS);
            assertThat(v.categories()).contains(Category.PHISHING);
            assertThat(rules(v)).contains("URL_IP_LITERAL", "URL_TEXT_SHOWS_BRAND_DOMAIN", "URL_CREDENTIAL_FORM",
                    "URL_RECIPIENT_IN_FRAGMENT", "LANG_CREDENTIAL_LURE");
        }

        @Test
        void newsletterWithClickTrackingLinksIsClean() {
            Verdict v = evaluate("url-newsletter-benign.eml");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
            assertThat(rules(v)).noneMatch(r -> r.startsWith("URL_"));
        }
    }

    @Nested
    class Attachments {
        @Test
        void executableBehindPdfExtensionIsMaliciousMalware() {
            Verdict v = evaluate("att-double-extension.eml");
            assertThat(v.level()).isEqualTo(Level.MALICIOUS);
            assertThat(v.categories()).contains(Category.MALWARE);
            assertThat(rules(v)).contains("ATT_EXECUTABLE", "ATT_DOUBLE_EXTENSION");
        }

        @Test
        void passwordProtectedZipWithScriptIsMalicious() {
            Verdict v = evaluate("att-zip-script.eml");
            assertThat(v.level()).isEqualTo(Level.MALICIOUS);
            assertThat(rules(v)).contains("ATT_ARCHIVE", "ATT_ARCHIVE_EXECUTABLE", "ATT_ARCHIVE_ENCRYPTED");
        }

        @Test
        void htmlAttachmentWithSignInFormIsPhishing() {
            Verdict v = evaluate("att-html-form.eml");
            assertThat(v.level()).isEqualTo(Level.MALICIOUS);
            assertThat(rules(v)).contains("ATT_HTML", "ATT_HTML_CREDENTIAL_FORM", "ATT_HTML_ACTIVE");
        }

        @Test
        void plainPdfStatementIsClean() {
            Verdict v = evaluate("att-pdf-benign.eml");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
            assertThat(rules(v)).noneMatch(r -> r.startsWith("ATT_"));
        }
    }

    @Nested
    class Language {
        @Test
        void sextortionIsExtortion() {
            Verdict v = evaluate("lang-extortion.eml");
            assertThat(v.flagged()).isTrue();
            assertThat(v.categories()).contains(Category.EXTORTION);
        }

        @Test
        void technicalMailMentioningBitcoinIsClean() {
            Verdict v = evaluate("lang-bitcoin-benign.eml");
            assertThat(v.level()).isEqualTo(Level.CLEAN);
            assertThat(rules(v)).doesNotContain("LANG_EXTORTION");
        }

        @Test
        void genuinePasswordResetFromTheServiceIsClean() {
            assertThat(evaluate("lang-password-reset-genuine.eml").level()).isEqualTo(Level.CLEAN);
        }
    }

    @Nested
    class Policy {
        private final byte[] lure = Fixtures.mail("imp-brand-lookalike.eml");

        @Test
        void blockedSenderIsMaliciousWhateverTheContent() {
            TenantContext ctx = new TenantContext(null, null, null, null, java.util.Set.of("sam@research-lab.example"), null);
            Verdict v = Fixtures.ENGINE.evaluate(Fixtures.mail("lang-bitcoin-benign.eml"), ctx);
            assertThat(v.level()).isEqualTo(Level.MALICIOUS);
            assertThat(rules(v)).contains("POLICY_BLOCKED_SENDER");
        }

        @Test
        void permittedSenderDomainIsClean() {
            TenantContext ctx = new TenantContext(null, null, null, java.util.Set.of("paypa1-support.com"), null, null);
            Verdict v = Fixtures.ENGINE.evaluate(lure, ctx);
            assertThat(v.level()).isEqualTo(Level.CLEAN);
            assertThat(rules(v)).contains("POLICY_PERMITTED_SENDER");
        }
    }

    @Nested
    class BrokenMail {
        @Test
        void brokenMessageGetsAVerdictSayingWhatFailed() {
            Verdict v = evaluate("broken-truncated.eml");
            assertThat(v.reasons()).anySatisfy(r -> {
                assertThat(r.rule()).isEqualTo("PARSE_PROBLEM");
                assertThat(r.evidence()).isNotBlank();
            });
        }

        @Test
        void emptyAndNullInputGetVerdicts() {
            assertThat(Fixtures.ENGINE.evaluate(new byte[0], null).level()).isNotNull();
            assertThat(Fixtures.ENGINE.evaluate(null, null).level()).isNotNull();
        }
    }
}
