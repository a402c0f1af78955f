package com.mailmoat.core.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds one email in both forms from the same blocks: plain text, and HTML in the account's
 * branding (logo, accent colour). Every value is treated as hostile: control characters (CR, LF,
 * tabs, Unicode line and bidi-override characters) become spaces in every form, so nothing can
 * start a new line or header; HTML text and attributes are escaped; links must be https (or
 * http on loopback, the local runtime) or the email is refused ({@link UnsafeContentException}).
 */
final class EmailLayout {
    /** Longest value shown in a line (a subject or company name longer than this is cut). */
    static final int MAX_VALUE = 300;
    /**
     * Longest paragraph (and in-app notice text): instructions such as an upgrade failure's fix run past
     * {@link #MAX_VALUE} and must not be cut; a paragraph is body text, flattened to one line all the same.
     */
    static final int MAX_PARAGRAPH = 3000;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private sealed interface Block {
    }

    private record Heading(String text) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    private record Table(String title, List<String[]> rows) implements Block {
    }

    private record Button(String label, String url) implements Block {
    }

    private record Footer(String text) implements Block {
    }

    private final Branding branding;
    private final List<Block> blocks = new ArrayList<>();

    private EmailLayout(Branding branding) {
        this.branding = branding == null ? Branding.NONE : branding;
    }

    static EmailLayout of(Branding branding) {
        return new EmailLayout(branding);
    }

    EmailLayout heading(String text) {
        blocks.add(new Heading(oneLine(text)));
        return this;
    }

    EmailLayout paragraph(String text) {
        blocks.add(new Paragraph(oneLine(text, MAX_PARAGRAPH)));
        return this;
    }

    /** A titled table; each row's cells are shown side by side (text: separated by " | "). */
    EmailLayout table(String title, List<String[]> rows) {
        if (!rows.isEmpty()) {
            List<String[]> clean = new ArrayList<>();
            for (String[] row : rows) {
                String[] cells = new String[row.length];
                for (int i = 0; i < row.length; i++) {
                    cells[i] = oneLine(row[i]);
                }
                clean.add(cells);
            }
            blocks.add(new Table(oneLine(title), clean));
        }
        return this;
    }

    /** A call to action; the link is checked (see {@link #safeLink}). */
    EmailLayout button(String label, String url) {
        blocks.add(new Button(oneLine(label), safeLink(url)));
        return this;
    }

    /**
     * A call to action to the request's {@code link} parameter, else to the console; none when neither
     * is known (a template rendered without a console address).
     */
    EmailLayout linkButton(String label, Map<String, String> params, String consoleUrl) {
        String link = params.getOrDefault("link", consoleUrl);
        return link == null || link.isBlank() ? this : button(label, link);
    }

    EmailLayout footer(String text) {
        blocks.add(new Footer(oneLine(text)));
        return this;
    }

    Email build(String recipient, String subject) {
        String to = safeRecipient(recipient);
        String cleanSubject = oneLine(subject);
        String accent = branding.accentOrDefault();
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder(2048)
                .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(cleanSubject)).append("</title></head>")
                .append("<body style=\"margin:0;padding:0;background:#f4f5f7\">")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f4f5f7\">")
                .append("<tr><td align=\"center\" style=\"padding:24px 12px\">")
                .append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;")
                .append("width:100%;background:#ffffff;border-top:4px solid ").append(accent)
                .append(";font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933\">")
                .append("<tr><td style=\"padding:24px 28px\">");
        branding.safeLogo().ifPresent(logo -> html.append("<p style=\"margin:0 0 16px\"><img src=\"").append(escape(logo))
                .append("\" alt=\"\" height=\"40\" style=\"max-height:40px;border:0\"></p>"));
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                text.append(h.text()).append("\n\n");
                html.append("<h1 style=\"font-size:20px;margin:0 0 16px\">").append(escape(h.text())).append("</h1>");
            } else if (block instanceof Paragraph p) {
                text.append(p.text()).append("\n\n");
                html.append("<p style=\"margin:0 0 16px;line-height:1.5\">").append(escape(p.text())).append("</p>");
            } else if (block instanceof Table t) {
                text.append(t.title()).append(":\n");
                html.append("<h2 style=\"font-size:16px;margin:20px 0 8px\">").append(escape(t.title()))
                        .append("</h2><table role=\"presentation\" style=\"border-collapse:collapse;margin:0 0 16px\">");
                for (String[] row : t.rows()) {
                    text.append("  ").append(String.join(" | ", row)).append("\n");
                    html.append("<tr>");
                    for (int i = 0; i < row.length; i++) {
                        boolean number = i == row.length - 1 && row.length > 1 && row[i].matches("\\d+");
                        html.append("<td style=\"padding:3px 14px 3px 0;vertical-align:top")
                                .append(number ? ";text-align:right" : "").append("\">")
                                .append(escape(row[i])).append("</td>");
                    }
                    html.append("</tr>");
                }
                text.append("\n");
                html.append("</table>");
            } else if (block instanceof Button b) {
                text.append(b.label()).append(": ").append(b.url()).append("\n\n");
                html.append("<p style=\"margin:24px 0\"><a href=\"").append(escape(b.url()))
                        .append("\" style=\"background:").append(accent)
                        .append(";color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block\">")
                        .append(escape(b.label())).append("</a></p>")
                        .append("<p style=\"color:#52606d;font-size:13px;margin:0 0 16px\">If the button does not work, ")
                        .append("paste this address into your browser: ").append(escape(b.url())).append("</p>");
            } else if (block instanceof Footer f) {
                text.append(f.text()).append("\n\n");
                html.append("<p style=\"color:#52606d;font-size:13px;margin:16px 0 0\">").append(escape(f.text()))
                        .append("</p>");
            }
        }
        text.append(SIGNATURE_TEXT);
        html.append(SIGNATURE_HTML).append("Microsoft 365.</p></td></tr></table></td></tr></table></body></html>");
        return new Email(List.of(to), cleanSubject, text.toString(), html.toString());
    }

    private static final String SIGNATURE_TEXT = "— Mailmoat\n";
    private static final String SIGNATURE_HTML = "<p style=\"color:#9aa5b1;font-size:12px;margin:24px 0 0\">Sent by Mailmoat, "
            + "email security for ";

    /**
     * The owner's email as an extra alert recipient gets it: addressed to that recipient only, with
     * a closing paragraph (in both forms) saying who added the address and how to stop, and the
     * one-click unsubscribe headers of RFC 8058 ({@code List-Unsubscribe} with the https address that
     * takes the POST, {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}).
     *
     * @param email          the email as rendered by {@link EmailTemplates#render} for that recipient
     * @param owner          the account owner's address (who added the recipient)
     * @param unsubscribeUrl the page a person opens to stop these emails
     * @param oneClickUrl    the address a mail client POSTs to for a one-click unsubscribe
     * @throws UnsafeContentException when a link or the recipient must not go into an email
     */
    static Email forAlertRecipient(Email email, String recipient, String owner, String unsubscribeUrl, String oneClickUrl) {
        String to = safeRecipient(recipient);
        String page = safeLink(unsubscribeUrl);
        String oneClick = safeLink(oneClickUrl);
        String why = "You get this email because " + oneLine(owner) + " added " + to + " to the security emails of "
                + "their Mailmoat account, and this address confirmed it.";
        String text = email.text();
        int signature = text.lastIndexOf(SIGNATURE_TEXT);
        text = text.substring(0, signature) + why + "\n\nStop getting these emails: " + page + "\n\n"
                + text.substring(signature);
        String html = email.html();
        int closing = html.lastIndexOf(SIGNATURE_HTML);
        html = html.substring(0, closing)
                + "<p style=\"color:#52606d;font-size:13px;margin:24px 0 0;border-top:1px solid #e4e7eb;padding-top:12px\">"
                + escape(why) + " <a href=\"" + escape(page) + "\" style=\"color:#52606d\">Stop getting these emails</a>.</p>"
                + html.substring(closing);
        Map<String, String> headers = new java.util.LinkedHashMap<>(email.headers());
        headers.put("List-Unsubscribe", "<" + oneClick + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return new Email(List.of(to), email.subject(), text, html, headers);
    }

    /**
     * The value on one line: every control, format (bidi overrides, zero-width), line or paragraph
     * separator, private-use, unassigned or lone surrogate character, and all whitespace, becomes a
     * space; runs of spaces collapse; very long values are cut.
     */
    /** A parameter holding one item a line, as its non-blank lines. */
    static List<String> lines(String value) {
        List<String> lines = new ArrayList<>();
        if (value != null) {
            for (String line : value.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    static String oneLine(String value) {
        return oneLine(value, MAX_VALUE);
    }

    /** {@link #oneLine(String)} cut at {@code max} characters instead (paragraphs: {@link #MAX_PARAGRAPH}). */
    static String oneLine(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            boolean blank = Character.isWhitespace(c) || Character.isSpaceChar(c) || switch (Character.getType(c)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                     Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE -> true;
                default -> false;
            };
            if (blank) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(c);
            if (out.length() >= max) {
                out.append('…');
                break;
            }
        }
        return out.toString();
    }

    /** HTML escaping for text and double- or single-quoted attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A link fit for an email: https with a host (or http on loopback, the local runtime), no
     * user-info, and no character that could break out of the attribute or the text line.
     *
     * @throws UnsafeContentException for anything else (javascript:, data:, other hosts over http, ...)
     */
    static String safeLink(String url) {
        if (url == null || url.isBlank()) {
            throw new UnsafeContentException("An email link is missing");
        }
        if (url.length() > 2048) {
            throw new UnsafeContentException("An email link is too long");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') {
                throw new UnsafeContentException("An email link contains a character links may not contain");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UnsafeContentException("An email link is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null) {
            throw new UnsafeContentException("An email link has no host, or carries user information");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
            throw new UnsafeContentException("An email link is not https: " + scheme);
        }
        return url;
    }

    /** One e-mail address (local@domain, printable, no separators): nothing else may become a recipient. */
    static String safeRecipient(String recipient) {
        if (recipient == null || recipient.length() > 254 || recipient.chars().anyMatch(c -> c < 0x21 || c == 0x7f)
                || !recipient.matches("[^\\s@<>,;:\"()\\[\\]\\\\]+@[^\\s@<>,;:\"()\\[\\]\\\\]+")) {
            throw new UnsafeContentException("The recipient is not a single e-mail address");
        }
        return recipient;
    }
}
