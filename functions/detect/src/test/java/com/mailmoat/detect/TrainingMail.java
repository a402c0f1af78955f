package com.mailmoat.detect;

import com.mailmoat.detect.model.DetectionModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Labelled emails written for the learning layer's tests: a handful of malicious families
 * (credential lures, fake invoices with a number to call, prize and crypto bait) and wanted ones
 * (project mail, meeting notes, a shop's order confirmation, a newsletter), each message a
 * deterministic variation of its family's template. Nothing here comes from any corpus; models
 * trained on it exist only inside the tests.
 */
public final class TrainingMail {

    /**
     * One labelled message.
     *
     * @param mime      the raw message
     * @param malicious its label
     */
    public record Labelled(byte[] mime, boolean malicious) {
    }

    private static final String[][] PHISH = {
        {"Account Security <security@acc0unt-verify.example>", "Action required: verify your mailbox",
            "Dear user, your mailbox storage is full and incoming messages are on hold. Verify your account within 24 hours"
                + " to restore delivery. <a href=\"https://mail-restore.example/login\">Verify now</a>"},
        {"Billing Desk <billing.desk.%d@gmail.com>", "Your subscription renewal invoice",
            "Your annual protection plan was renewed and USD 399.99 will be charged today. If you did not authorize this"
                + " charge call our billing department at +1 808 555 0199 to cancel and get a refund."},
        {"Prize Team <winner@lucky-draw.example>", "Congratulations, you have won",
            "You have been selected as the winner of our monthly draw. Claim your prize of 5,000 EUR now by confirming your"
                + " details at <a href=\"http://198.51.100.7/claim\">the claim page</a>."},
        {"Crypto Rewards <airdrop@token-drop.example>", "Your wallet airdrop is ready",
            "Your wallet qualifies for the airdrop. Connect your wallet and validate your seed phrase to withdraw 2.5 ETH"
                + " before the pool closes. <a href=\"https://wallet-validate.example/connect\">Connect wallet</a>"},
        {"Shared Document <docs@file-share-notice.example>", "You have received a secure document",
            "A secure document was shared with you. Sign in with your email password to view the document."
                + " <a href=\"https://docs-view.example/open\">Open document</a>"},
    };

    private static final String[][] HAM = {
        {"Pat Kim <pat@contoso.com>", "Notes from the planning meeting",
            "Hi all, thanks for joining the planning meeting. Action items: Megan drafts the roadmap, I update the budget"
                + " sheet, and we review the supplier contract next Tuesday."},
        {"Build Server <ci@contoso.com>", "Nightly build %d passed",
            "The nightly build finished without errors. 412 tests passed, coverage 81 percent. Artifacts are on the"
                + " internal file share."},
        {"Fabrikam Orders <orders@fabrikam.example>", "Your order %d has shipped",
            "Thank you for your order. Your parcel left our warehouse today and should arrive on Thursday. Track it on"
                + " <a href=\"https://www.fabrikam.example/orders/track\">fabrikam.example</a>."},
        {"Northwind Newsletter <news@northwind.example>", "This month at Northwind",
            "Our spring catalogue is out, the Berlin store opens on Saturday and the team shares three recipes for the"
                + " weekend. Read more on <a href=\"https://www.northwind.example/blog\">our blog</a>."},
        {"Megan Bowen <megan@contoso.com>", "Re: draft of the quarterly report",
            "Thanks, the draft reads well. Could you add the regional figures to section two and send it to finance"
                + " by Friday? I will present it at the board meeting."},
    };

    private static final String[] FILLER = {"today", "this week", "as discussed", "please note", "in addition",
        "for your records", "as planned", "kind regards", "thank you", "best wishes"};

    private TrainingMail() {
    }

    /** {@code perFamily} variations of every family, phish and ham, in a fixed order for a seed. */
    public static List<Labelled> generate(int perFamily, long seed) {
        Random r = new Random(seed);
        List<Labelled> out = new ArrayList<>();
        for (int i = 0; i < perFamily; i++) {
            for (String[] t : PHISH) {
                out.add(new Labelled(message(t, r, i), true));
            }
            for (String[] t : HAM) {
                out.add(new Labelled(message(t, r, i), false));
            }
        }
        return out;
    }

    private static byte[] message(String[] t, Random r, int i) {
        String from = t[0].contains("%d") ? String.format(t[0], 100 + r.nextInt(900)) : t[0];
        String subject = t[1].contains("%d") ? String.format(t[1], 1000 + r.nextInt(9000)) : t[1];
        String body = t[2] + " " + FILLER[r.nextInt(FILLER.length)] + ", " + FILLER[r.nextInt(FILLER.length)] + ".";
        boolean html = body.contains("<a ");
        String mime = "From: " + from + "\r\nTo: Ann Lee <ann@contoso.com>\r\nSubject: " + subject
                + "\r\nDate: Tue, 04 Mar 2025 10:" + String.format("%02d", i % 60) + ":00 +0000\r\nMessage-ID: <m" + i + "."
                + r.nextInt(100000) + "@test.example>\r\nMIME-Version: 1.0\r\nContent-Type: " + (html ? "text/html" : "text/plain")
                + "; charset=utf-8\r\n\r\n" + (html ? "<html><body><p>" + body + "</p></body></html>" : body) + "\r\n";
        return mime.getBytes(StandardCharsets.UTF_8);
    }

    /** A base model trained on {@code generate(perFamily, seed)} with the default options. */
    public static DetectionModel trainedModel(DetectionEngine engine, int perFamily, long seed) {
        List<DetectionModel.Example> examples = new ArrayList<>();
        for (Labelled m : generate(perFamily, seed)) {
            examples.add(new DetectionModel.Example(engine.assess(m.mime(), TenantContext.empty(), null).features(),
                    m.malicious(), 1.0));
        }
        return DetectionModel.train(examples, DetectionModel.TrainingOptions.defaults(engine.rules().suspiciousAt(),
                "test model trained on TrainingMail"));
    }
}
