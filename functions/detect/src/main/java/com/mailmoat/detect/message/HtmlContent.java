package com.mailmoat.detect.message;

import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Text, links and active content of one HTML document, extracted with jsoup.
 *
 * @param text     visible text
 * @param links    anchors and form actions
 * @param features forms, password fields, scripts and refreshes
 */
public record HtmlContent(String text, List<Link> links, Features features) {

    /**
     * Active or credential-collecting content in HTML.
     *
     * @param forms          number of {@code <form>} elements
     * @param passwordInputs number of {@code <input type=password>} fields
     * @param scripts        number of {@code <script>} elements
     * @param metaRefresh    true when a {@code <meta http-equiv=refresh>} redirects elsewhere
     * @param hiddenSmuggling true when a script builds a Blob or decodes base64 to save a file (HTML smuggling)
     * @param images         number of {@code <img>} elements
     */
    public record Features(int forms, int passwordInputs, int scripts, boolean metaRefresh,
                           boolean hiddenSmuggling, int images) {
        /** No active content. */
        public static final Features NONE = new Features(0, 0, 0, false, false, 0);

        /** Sum of two documents' features. */
        public Features plus(Features o) {
            return new Features(forms + o.forms, passwordInputs + o.passwordInputs, scripts + o.scripts,
                    metaRefresh || o.metaRefresh, hiddenSmuggling || o.hiddenSmuggling, images + o.images);
        }
    }

    /** Parses HTML (already cut to a bounded length) and extracts its content. */
    public static HtmlContent parse(String html, int maxLinks, Link.Source source) {
        Document doc = Jsoup.parse(html, "", Parser.htmlParser());
        List<Link> links = new java.util.ArrayList<>();
        for (Element a : doc.getElementsByTag("a")) {
            if (links.size() >= maxLinks) {
                break;
            }
            String href = a.attr("href");
            if (!href.isEmpty()) {
                links.add(new Link(href.strip(), a.text(), source == Link.Source.ANCHOR ? Link.Source.ANCHOR : source));
            }
        }
        for (Element area : doc.getElementsByTag("area")) {
            String href = area.attr("href");
            if (!href.isEmpty() && links.size() < maxLinks) {
                links.add(new Link(href.strip(), "", source));
            }
        }
        int forms = 0;
        for (Element form : doc.getElementsByTag("form")) {
            forms++;
            String action = form.attr("action");
            if (!action.isEmpty() && links.size() < maxLinks) {
                links.add(new Link(action.strip(), "", source == Link.Source.ANCHOR ? Link.Source.FORM_ACTION : source));
            }
        }
        int passwords = 0;
        for (Element input : doc.getElementsByTag("input")) {
            String type = input.attr("type").toLowerCase(Locale.ROOT);
            String name = input.attr("name").toLowerCase(Locale.ROOT);
            if (type.equals("password") || name.contains("passw") || name.equals("pwd")) {
                passwords++;
            }
        }
        int scripts = 0;
        boolean smuggling = false;
        for (Element script : doc.getElementsByTag("script")) {
            scripts++;
            String code = script.data();
            if (code.length() > 200_000) {
                code = code.substring(0, 200_000);
            }
            if ((code.contains("Blob(") || code.contains("atob(") || code.contains("unescape("))
                    && (code.contains("download") || code.contains("msSaveOrOpenBlob") || code.contains("createObjectURL")
                    || code.contains("location") || code.contains("document.write"))) {
                smuggling = true;
            }
            if (code.contains("window.location") || code.contains("location.href") || code.contains("location.replace")) {
                int q = code.indexOf("http");
                if (q >= 0 && links.size() < maxLinks) {
                    int end = q;
                    while (end < code.length() && end - q < 500 && "\"' ;)\n".indexOf(code.charAt(end)) < 0) {
                        end++;
                    }
                    links.add(new Link(code.substring(q, end), "", Link.Source.ATTACHMENT == source ? source : Link.Source.FORM_ACTION));
                }
            }
        }
        boolean refresh = false;
        for (Element meta : doc.getElementsByTag("meta")) {
            if (meta.attr("http-equiv").equalsIgnoreCase("refresh") && meta.attr("content").toLowerCase(Locale.ROOT).contains("url=")) {
                refresh = true;
                String content = meta.attr("content");
                int u = content.toLowerCase(Locale.ROOT).indexOf("url=");
                if (links.size() < maxLinks) {
                    links.add(new Link(content.substring(u + 4).replace("'", "").replace("\"", "").strip(), "", source == Link.Source.ANCHOR ? Link.Source.FORM_ACTION : source));
                }
            }
        }
        String text = doc.body() == null ? doc.text() : doc.body().text();
        int images = doc.getElementsByTag("img").size();
        return new HtmlContent(text, links, new Features(forms, passwords, scripts, refresh, smuggling, images));
    }
}
