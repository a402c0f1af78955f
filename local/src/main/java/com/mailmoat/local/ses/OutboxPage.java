package com.mailmoat.local.ses;

import com.mailmoat.local.http.HttpApiEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /local/outbox.html}: the local outbox as a person reads it — newest email first, its
 * subject, sender, recipients and time, the text body with every link clickable, and the HTML body
 * shown in a sandboxed frame (no scripts, no same-origin access). Every value is escaped.
 */
final class OutboxPage {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"')]+");
    // Inline styles only for this page; nothing loads from elsewhere and nothing runs.
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'";
    private static final String STYLE = """
            body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#17232f}
            header{background:#fff;border-bottom:1px solid #d9e0e7;padding:.8rem 1.25rem}
            header h1{font-size:1.25rem;margin:0}
            main{max-width:920px;margin:0 auto;padding:1.25rem}
            article{background:#fff;border:1px solid #d9e0e7;border-radius:10px;padding:1rem 1.25rem;margin:0 0 1rem}
            h2{font-size:1.1rem;margin:0 0 .35rem}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:0 0 .75rem;font-size:.9rem;color:#3d4b59}
            dt{font-weight:600}dd{margin:0}
            pre{white-space:pre-wrap;word-break:break-word;background:#f8fafb;border:1px solid #e3e8ee;border-radius:6px;padding:.75rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace}
            a{color:#165a72}a:focus-visible,summary:focus-visible{outline:3px solid #2f7fc1;outline-offset:2px}
            iframe{width:100%;min-height:420px;border:1px solid #e3e8ee;border-radius:6px;background:#fff}
            .muted{color:#566575}
            """;

    private OutboxPage() {
    }

    static HttpApiEvents.HttpResponse render(List<SentEmail> emails) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Outbox · Mailmoat local</title><style>").append(STYLE).append("</style></head><body>")
                .append("<header><h1>Outbox of the local runtime</h1></header><main>")
                .append("<p class=\"muted\">Every email Mailmoat sent while running locally, newest first (")
                .append(emails.size()).append(emails.size() == 1 ? " email" : " emails")
                .append("). The same list as JSON: <a href=\"").append(OutboxEndpoint.PATH).append("\">")
                .append(OutboxEndpoint.PATH).append("</a>.</p>");
        if (emails.isEmpty()) {
            html.append("<p>Nothing has been sent yet. Sign up on the console and the set-password email lands here.</p>");
        }
        int index = 0;
        for (SentEmail email : emails) {
            index++;
            html.append("<article aria-labelledby=\"email-").append(index).append("\">")
                    .append("<h2 id=\"email-").append(index).append("\">")
                    .append(escape(email.subject() == null || email.subject().isBlank() ? "(no subject)" : email.subject()))
                    .append("</h2><dl>");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("To", String.join(", ", email.to()));
            if (!email.cc().isEmpty()) {
                fields.put("Cc", String.join(", ", email.cc()));
            }
            fields.put("From", email.from());
            fields.put("Sent", email.sentAt());
            fields.putAll(email.headers());
            fields.forEach((name, value) -> html.append("<dt>").append(name).append("</dt><dd>")
                    .append(escape(value)).append("</dd>"));
            html.append("</dl>");
            if (email.text() != null && !email.text().isBlank()) {
                html.append("<pre>").append(linkify(email.text())).append("</pre>");
            }
            if (email.html() != null && !email.html().isBlank()) {
                html.append("<details><summary>HTML version</summary><iframe title=\"HTML version of ")
                        .append(escape(email.subject())).append("\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
                        .append(escape(withLinksInNewTab(email.html()))).append("\"></iframe></details>");
            }
            html.append("</article>");
        }
        html.append("</main></body></html>\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", new ArrayList<>(List.of("text/html; charset=utf-8")));
        headers.put("Cache-Control", new ArrayList<>(List.of("no-store")));
        headers.put("Content-Security-Policy", new ArrayList<>(List.of(CSP)));
        headers.put("X-Content-Type-Options", new ArrayList<>(List.of("nosniff")));
        return new HttpApiEvents.HttpResponse(200, headers, html.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The text, escaped, with each http(s) URL made a link. */
    static String linkify(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = LINK.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(escape(text.substring(last, m.start())));
            String url = m.group();
            out.append("<a href=\"").append(escape(url)).append("\">").append(escape(url)).append("</a>");
            last = m.end();
        }
        out.append(escape(text.substring(last)));
        return out.toString();
    }

    /** Links in the sandboxed HTML version open in a new tab (a sandboxed frame cannot navigate the page). */
    private static String withLinksInNewTab(String html) {
        return "<base target=\"_blank\">" + html;
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
