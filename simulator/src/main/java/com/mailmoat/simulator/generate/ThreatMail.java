package com.mailmoat.simulator.generate;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/**
 * Planted threats, written for this project: credential phishing from lookalike domains,
 * malware-style attachments with double extensions (harmless bytes), CEO fraud, vendor bank-detail
 * fraud and extortion. Every link points at a {@code .example} domain; no payload does anything.
 */
final class ThreatMail {

    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private final Random random;
    private final Org org;

    private int nextKind;

    ThreatMail(Random random, Org org) {
        this.random = random;
        this.org = org;
        this.nextKind = random.nextInt(6);
    }

    /** The next threat, kinds taken in turn (from a random start) so every kind appears once there are six. */
    MailBuilder received(Person to, Instant sent) {
        return switch (nextKind++ % 6) {
            case 0 -> brandPhish(to, sent);
            case 1 -> tenantLookalikePhish(to, sent);
            case 2 -> malwareAttachment(to, sent);
            case 3 -> ceoFraud(to, sent);
            case 4 -> vendorBankChange(to, sent);
            default -> extortion(to, sent);
        };
    }

    /** "Your mailbox is full" from a lookalike of a well-known brand (one in three uses a punycode homograph). */
    private MailBuilder brandPhish(Person to, Instant sent) {
        String domain = switch (random.nextInt(3)) {
            case 0 -> "micros0ft-365-support.example";
            case 1 -> "office365-mailcenter.example";
            default -> IDN.toASCII("m\u0456crosoft-login.example");
        };
        String ip = Org.externalIp(random);
        String lure = Org.pick(random, "Your mailbox storage is 98% full", "Action required: password expires today",
                "You have 4 messages held for review", "Unusual sign-in activity detected");
        String link = "https://secure-auth." + domain + "/common/login?u=" + base36(10) + "&email=" + to.address();
        String shown = "https://" + org.domain() + "/mail/review";
        return new MailBuilder(random)
                .from("Microsoft 365", Org.pick(random, "no-reply", "account-security", "postmaster") + "@" + domain)
                .to(MailBuilder.mailbox(to.name(), to.address())).date(sent).senderIp(ip)
                .authenticationResults(AuthResults.lookalike(ip, domain))
                .subject(lure)
                .text(lure + ".\n\nTo avoid losing access to " + to.address() + ", verify your account within 24 hours:\n"
                        + link + "\n\nMicrosoft 365 Account Team")
                .html("<html><body style=\"font-family:Segoe UI,Arial\"><h2>" + lure + "</h2>\n<p>Dear " + to.first()
                        + ",</p>\n<p>To avoid losing access to <b>" + to.address() + "</b>, please verify your account"
                        + " within <b>24 hours</b>. Unverified accounts will be suspended.</p>\n<p><a href=\"" + link
                        + "\" style=\"background:#0078d4;color:#fff;padding:8px 16px\">" + shown + "</a></p>\n"
                        + "<p style=\"color:#888\">Microsoft 365 Account Team</p></body></html>");
    }

    /** A shared-document lure from a lookalike of the tenant's own domain, posing as a colleague or IT. */
    private MailBuilder tenantLookalikePhish(Person to, Instant sent) {
        String lookalike = lookalikeOf(org.domain());
        Person posingAs = random.nextBoolean() ? org.admin() : org.randomColleague(random, to);
        String local = posingAs.upn().substring(0, posingAs.upn().indexOf('@'));
        String ip = Org.externalIp(random);
        String document = Org.pick(random, "Q4 bonus structure.xlsx", "Updated salary bands 2026.pdf",
                "Staff restructuring plan.docx", "Signed contract - please review.pdf");
        String link = "https://sharepoint-docs." + lookalike + "/sites/shared/" + base36(12) + "/login.html";
        return new MailBuilder(random)
                .from(posingAs.name(), local + "@" + lookalike)
                .to(MailBuilder.mailbox(to.name(), to.address())).date(sent).senderIp(ip)
                .authenticationResults(AuthResults.lookalike(ip, lookalike))
                .subject(posingAs.first() + " shared \"" + document + "\" with you")
                .html("<html><body><p>" + posingAs.name() + " shared a file with you.</p>\n<p><b>" + document
                        + "</b></p>\n<p>This link only works for the direct recipients of this message.</p>\n"
                        + "<p><a href=\"" + link + "\">Open</a></p>\n<p>Sign in with your " + org.displayName()
                        + " account to view the document.</p></body></html>");
    }

    /** An "invoice" or "scan" whose attachment hides an executable type behind a document extension. */
    private MailBuilder malwareAttachment(Person to, Instant sent) {
        Org.Partner posingAs = Org.randomPartner(random);
        String domain = Org.pick(random, "mail-delivery-notice.example", "invoices-portal.example",
                "scan-to-email.example", lookalikeOf(posingAs.domain()));
        String ip = Org.externalIp(random);
        int number = 10_000 + random.nextInt(89_999);
        String[][] payloads = {
            {"Invoice_" + number + ".pdf.exe", "application/octet-stream", "exe"},
            {"Scan_" + number + ".docx.js", "application/javascript", "js"},
            {"Payment_Advice_" + number + ".xlsx.scr", "application/octet-stream", "exe"},
            {"Voicemail_" + number + ".wav.html", "text/html", "html"},
        };
        String[] payload = payloads[random.nextInt(payloads.length)];
        return new MailBuilder(random)
                .from(posingAs.company() + " Billing", "billing@" + domain)
                .to(MailBuilder.mailbox(to.name(), to.address())).date(sent).senderIp(ip)
                .authenticationResults(AuthResults.lookalike(ip, domain))
                .subject(Org.pick(random, "Overdue invoice " + number, "Scanned document " + number,
                        "Payment advice " + number, "New voicemail from +1 555 01" + (10 + random.nextInt(89))))
                .text("Hello,\n\nPlease see the attached document and confirm receipt today.\n\nRegards,\n"
                        + posingAs.company())
                .attach(payload[0], payload[1], inertPayload(payload[2]));
    }

    /** The CEO's name from a free-mail lookalike address, asking for an urgent, confidential payment. */
    private MailBuilder ceoFraud(Person to, Instant sent) {
        Person ceo = org.ceo();
        String domain = Org.pick(random, "freemail-box.example", "quickmail-secure.example", "inbox-exec.example");
        String address = ceo.first().toLowerCase(Locale.ROOT) + "." + ceo.last().toLowerCase(Locale.ROOT) + ".office@"
                + domain;
        String ip = Org.externalIp(random);
        boolean giftCards = random.nextBoolean();
        String amount = String.format(Locale.ROOT, "%,d", 18_000 + random.nextInt(60_000));
        String ask = giftCards
                ? "I need you to buy 8 gift cards of 200 USD each for a client appreciation. Scratch the backs and"
                        + " send me photos of the codes. I will reimburse you today."
                : "I need you to process a wire transfer of " + amount + " USD to a new supplier before 3 pm. It"
                        + " is part of an acquisition we have not announced, so keep this between us.";
        return new MailBuilder(random)
                .from(ceo.name(), address)
                .replyTo(ceo.first().toLowerCase(Locale.ROOT) + ".exec@" + Org.pick(random, "securemail-ceo.example",
                        "privatebox.example"))
                .to(MailBuilder.mailbox(to.name(), to.address())).date(sent).senderIp(ip)
                .authenticationResults(AuthResults.pass(ip, domain))
                .header("X-Priority", "1")
                .subject(Org.pick(random, "Urgent request", "Are you at your desk?", "Confidential - quick favour",
                        "Need this done today"))
                .text(to.first() + ",\n\nAre you available? I'm stuck in back-to-back meetings and can't take calls. "
                        + ask + "\n\nReply here as soon as you see this.\n\n" + ceo.first() + "\nSent from my phone");
    }

    /** A known supplier's name from a near-identical domain announcing "new bank details". */
    private MailBuilder vendorBankChange(Person to, Instant sent) {
        Org.Partner vendor = Org.PARTNERS.get(random.nextInt(4));
        String lookalike = lookalikeOf(vendor.domain());
        String contact = vendor.contacts()[0];
        String ip = Org.externalIp(random);
        return new MailBuilder(random)
                .from(contact, contact.toLowerCase(Locale.ROOT).replace(' ', '.') + "@" + lookalike)
                .to(MailBuilder.mailbox(to.name(), to.address())).date(sent).senderIp(ip)
                .authenticationResults(AuthResults.lookalike(ip, lookalike))
                .subject("Updated banking details - " + vendor.company())
                .text("Dear " + to.first() + ",\n\nPlease note that " + vendor.company() + " has changed banks due to"
                        + " an internal audit. All outstanding and future invoices must be paid to the new account"
                        + " below; payments to the old account will be returned.\n\nBank: First Harbor Bank\n"
                        + "IBAN: XX" + (10 + random.nextInt(89)) + " " + digits(4) + " " + digits(4) + " " + digits(4)
                        + " " + digits(4) + "\nSWIFT: FHBK" + base36(4).toUpperCase(Locale.ROOT) + "\n\nPlease confirm"
                        + " once your records are updated and settle the overdue balance this week.\n\nBest regards,\n"
                        + contact + "\nAccounts Receivable, " + vendor.company());
    }

    /** Sextortion that forges the recipient's own address as sender and demands Bitcoin. */
    private MailBuilder extortion(Person to, Instant sent) {
        String ip = Org.externalIp(random);
        String envelope = "bounce-" + base36(6) + "@" + Org.pick(random, "bulk-relay.example", "mass-sender.example");
        String wallet = "bc1q" + bech32(38);
        String amount = String.format(Locale.ROOT, "%,d", 900 + random.nextInt(1500));
        return new MailBuilder(random)
                .from(to.name(), to.address())
                .returnPath(envelope)
                .to(MailBuilder.mailbox(to.name(), to.address())).date(sent).senderIp(ip)
                .authenticationResults(AuthResults.spoofed(ip, MailBuilder.domainOf(envelope), org.domain()))
                .subject(Org.pick(random, "Your account has been compromised", "I know your password",
                        "Final warning - " + to.first()))
                .text("Hello,\n\nI sent this message from your own account, which means I have full access to it."
                        + " I installed software on your device months ago and recorded what you did.\n\n"
                        + "Transfer " + amount + " USD in Bitcoin to this wallet within 48 hours:\n" + wallet + "\n\n"
                        + "If you ignore this, I will send the recordings to all of your contacts. Do not reply and"
                        + " do not tell anyone.");
    }

    /** A lookalike of a domain: a swapped letter, a digit for a letter, or an added word. */
    String lookalikeOf(String domain) {
        String label = domain.substring(0, domain.indexOf('.'));
        String rest = domain.substring(domain.indexOf('.'));
        String altered = switch (random.nextInt(4)) {
            case 0 -> label.contains("o") ? label.replaceFirst("o", "0") : label + "-mail";
            case 1 -> label.contains("m") ? label.replaceFirst("m", "rn") : label.replaceFirst("i", "l");
            case 2 -> swapAdjacent(label);
            default -> label + Org.pick(random, "-secure", "-support", "-portal");
        };
        return altered.equals(label) ? label + "-online" + rest : altered + rest;
    }

    private String swapAdjacent(String label) {
        for (int attempt = 0; attempt < 10; attempt++) {
            int i = 1 + random.nextInt(Math.max(1, label.length() - 2));
            if (i + 1 < label.length() && Character.isLetter(label.charAt(i)) && Character.isLetter(label.charAt(i + 1))
                    && label.charAt(i) != label.charAt(i + 1)) {
                return label.substring(0, i) + label.charAt(i + 1) + label.charAt(i) + label.substring(i + 2);
            }
        }
        return label + "s";
    }

    /** Harmless stand-ins that only look like their type: no executable code, no working script. */
    private static byte[] inertPayload(String type) {
        return switch (type) {
            case "exe" -> {
                byte[] bytes = new byte[512];
                bytes[0] = 'M';
                bytes[1] = 'Z';
                byte[] note = "Mailmoat simulator test file: not a program.".getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(note, 0, bytes, 64, note.length);
                yield bytes;
            }
            case "js" -> ("// Mailmoat simulator test file: inert stand-in for a script attachment.\n"
                    + "var note = 'simulated downloader - does nothing';\n").getBytes(StandardCharsets.US_ASCII);
            default -> ("<html><body><p>Loading your voicemail...</p>\n<!-- Mailmoat simulator test file: inert"
                    + " stand-in for an HTML smuggling attachment. -->\n</body></html>\n")
                    .getBytes(StandardCharsets.US_ASCII);
        };
    }

    private String base36(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(random.nextInt(36), 36));
        }
        return out.toString();
    }

    private String bech32(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(BECH32.charAt(random.nextInt(BECH32.length())));
        }
        return out.toString();
    }

    private String digits(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(random.nextInt(10));
        }
        return out.toString();
    }
}
