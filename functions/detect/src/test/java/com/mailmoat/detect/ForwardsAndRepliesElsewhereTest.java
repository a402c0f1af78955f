package com.mailmoat.detect;

import static com.mailmoat.detect.Fixtures.rules;
import static com.mailmoat.detect.SecondRoundRulesTest.plain;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's forwarded phish and the fraud that moves a conversation to another account, on mail
 * written for this test: the original of an inline forward is judged for who sent it, and a
 * request to write to someone else's free-mail account is a reason; quoted replies, colleagues'
 * forwards and signature lines are not.
 */
class ForwardsAndRepliesElsewhereTest {

    private static final String OUTLOOK_FORWARD = "\r\n________________________________\r\n"
            + "De: %s\r\nEnviado: segunda-feira, 3 de março de 2025 09:12\r\nPara: Ann Lee <ann@contoso.com>\r\n"
            + "Assunto: %s\r\n\r\n%s\r\n";

    private static Verdict forward(String subject, String originalFrom, String originalSubject, String originalBody) {
        return plain("Ann Lee <ann.lee@outlook.example>", subject, String.format(OUTLOOK_FORWARD, originalFrom, originalSubject, originalBody));
    }

    @Nested
    class ForwardedOriginals {
        @Test
        void aForwardedBrandNoticeFromAStrangersDomainNamesTheOriginalSender() {
            Verdict v = forward("Fw: Your reward is waiting", "Cash App Rewards <promo.77@retail-offers.example>",
                    "Your reward is waiting", "Claim your gift card today.");
            assertThat(rules(v)).contains("IMP_BRAND_NAME_UNOFFICIAL_SENDER");
            Reason r = v.reasons().stream().filter(x -> x.rule().equals("IMP_BRAND_NAME_UNOFFICIAL_SENDER")).findFirst().orElseThrow();
            assertThat(r.evidence()).startsWith("in the forwarded message from promo.77@retail-offers.example");
        }

        @Test
        void gmailsForwardMarkerCountsWithoutAForwardSubject() {
            Verdict v = plain("Ann Lee <ann.lee@outlook.example>", "look at this",
                    "---------- Forwarded message ---------\r\nFrom: PayPal Service <service@pay-review.example>\r\n"
                            + "Date: Mon, Mar 3, 2025 at 9:12 AM\r\nSubject: Account limited\r\nTo: <ann@contoso.com>\r\n\r\n"
                            + "Please confirm your details.\r\n");
            assertThat(rules(v)).contains("IMP_BRAND_NAME_UNOFFICIAL_SENDER");
        }

        @Test
        void aColleaguesForwardOfAPartnersMailAddsNothing() {
            Verdict v = forward("Fw: Minutes", "Ben Ortiz <ben@fabrikam.example>", "Minutes",
                    "Attached are the minutes of Tuesday's meeting.");
            assertThat(v.reasons()).isEmpty();
        }

        @Test
        void quotedHistoryUnderAReplyIsNotAForward() {
            Verdict v = plain("Ann Lee <ann.lee@outlook.example>", "Re: Your reward is waiting", "Thanks, I will ignore it.\r\n"
                    + String.format(OUTLOOK_FORWARD, "Cash App Rewards <promo.77@retail-offers.example>", "Your reward is waiting",
                    "Claim your gift card today."));
            assertThat(rules(v)).doesNotContain("IMP_BRAND_NAME_UNOFFICIAL_SENDER");
        }
    }

    @Nested
    class RepliesElsewhere {
        @Test
        void aRequestToWriteToAnotherFreeMailAccountIsAReason() {
            Verdict v = plain("Mr. Kofi Mensah <k.mensah@uni-mail.example>", "Business proposal",
                    "I have a proposal that will benefit us both. For details reply me through my private email: kofi.m.private@gmail.com\r\n");
            assertThat(rules(v)).contains("CORR_REPLY_ELSEWHERE");
            Reason r = v.reasons().stream().filter(x -> x.rule().equals("CORR_REPLY_ELSEWHERE")).findFirst().orElseThrow();
            assertThat(r.evidence()).contains("kofi.m.private@gmail.com").contains("k.mensah@uni-mail.example");
        }

        @Test
        void theSendersOwnAddressASignatureLabelOrACompanyAddressAreNot() {
            List<Verdict> benign = List.of(
                    plain("Kofi Mensah <kofi.mensah@gmail.com>", "Dinner", "Write me at kofi.mensah@gmail.com when you land."),
                    plain("Ann Lee <ann@contoso.example>", "Slides", "Slides attached.\r\n--\r\nAnn Lee\r\nE-mail: ann.lee.home@gmail.com"),
                    plain("Ann Lee <ann.lee@gmail.com>", "Order", "Please email me at orders@fabrikam.example with the invoice."));
            for (Verdict v : benign) {
                assertThat(rules(v)).doesNotContain("CORR_REPLY_ELSEWHERE");
            }
        }
    }
}
