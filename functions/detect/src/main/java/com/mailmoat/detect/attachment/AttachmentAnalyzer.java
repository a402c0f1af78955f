package com.mailmoat.detect.attachment;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.message.Attachment;
import com.mailmoat.detect.message.Hosts;
import com.mailmoat.detect.message.HtmlContent;
import com.mailmoat.detect.message.Link;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import com.mailmoat.detect.rules.RuleBook;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Attachments: executables and scripts (by name and by magic bytes), double extensions,
 * macro-enabled Office files, HTML and SVG attachments (worse with forms, scripts or
 * smuggling), archives (listing ZIP entries, spotting encrypted ones), disk images, declared
 * type versus content, and PDFs with active content or links to risky hosts.
 */
public final class AttachmentAnalyzer implements Analyzer {

    private final Set<String> executable;
    private final Set<String> macroOffice;
    private final Set<String> archives;
    private final Set<String> diskImages;
    private final Set<String> htmlLike;
    private final Set<String> documentLike;
    private final DomainKnowledge domains;
    private final int maxArchiveEntries;

    public AttachmentAnalyzer(RuleBook rules, DomainKnowledge domains, int maxArchiveEntries) {
        this.executable = extensions(rules, "executable_extensions");
        this.macroOffice = extensions(rules, "macro_office_extensions");
        this.archives = extensions(rules, "archive_extensions");
        this.diskImages = extensions(rules, "disk_image_extensions");
        this.htmlLike = Set.of("html", "htm", "shtml", "xhtml", "svg", "mht", "mhtml", "xht");
        this.documentLike = Set.of("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "jpeg", "png", "gif", "txt", "rtf", "csv");
        this.domains = domains;
        this.maxArchiveEntries = maxArchiveEntries;
    }

    private static Set<String> extensions(RuleBook rules, String list) {
        Set<String> s = new HashSet<>();
        for (String e : rules.list(list).entries()) {
            s.add(e.toLowerCase(Locale.ROOT).replace(".", "").strip());
        }
        return Set.copyOf(s);
    }

    @Override
    public String name() {
        return "attachment";
    }

    @Override
    public void analyze(ParsedMessage m, TenantContext context, Findings f) {
        for (Attachment a : m.attachments()) {
            String name = a.fileName().toLowerCase(Locale.ROOT).strip();
            String ext = extension(name);
            byte[] data = a.content();
            Magic magic = Magic.of(data);
            String label = a.fileName().isEmpty() ? "(unnamed " + a.declaredType() + ")" : a.fileName();

            if (executable.contains(ext) || magic == Magic.EXECUTABLE) {
                f.fire("ATT_EXECUTABLE", label);
            }
            if (isDoubleExtension(name)) {
                f.fire("ATT_DOUBLE_EXTENSION", label);
            }
            if (macroOffice.contains(ext) || hasMacros(magic, data)) {
                f.fire("ATT_MACRO_OFFICE", label);
            }
            if (diskImages.contains(ext) || magic == Magic.ISO) {
                f.fire("ATT_DISK_IMAGE", label);
            }
            boolean html = htmlLike.contains(ext) || a.declaredType().equals("text/html") || a.declaredType().equals("image/svg+xml")
                    || (magic == Magic.HTML && !documentLike.contains(ext));
            if (html) {
                inspectHtml(a, label, f);
            }
            if (documentLike.contains(ext) && (magic == Magic.HTML || magic == Magic.EXECUTABLE)) {
                f.fire("ATT_TYPE_MISMATCH", label + " is really " + magic.name().toLowerCase(Locale.ROOT));
            }
            if (archives.contains(ext) || magic == Magic.ZIP && !ext.startsWith("doc") && !ext.startsWith("xls")
                    && !ext.startsWith("ppt") && !ext.equals("odt") && !ext.equals("ods") && !ext.equals("jar")
                    || magic == Magic.RAR || magic == Magic.SEVEN_ZIP) {
                f.fire("ATT_ARCHIVE", label);
                if (magic == Magic.ZIP) {
                    inspectZip(data, label, f);
                }
            }
            if (magic == Magic.PDF || ext.equals("pdf")) {
                inspectPdf(data, label, f);
            }
        }
    }

    private void inspectHtml(Attachment a, String label, Findings f) {
        f.fire("ATT_HTML", label);
        String html = new String(a.content(), 0, Math.min(a.content().length, 400_000), StandardCharsets.UTF_8);
        HtmlContent content = HtmlContent.parse(html, 100, Link.Source.ATTACHMENT);
        HtmlContent.Features x = content.features();
        String lower = html.toLowerCase(Locale.ROOT);
        if (x.passwordInputs() > 0 || x.forms() > 0) {
            f.fire("ATT_HTML_CREDENTIAL_FORM", label);
        }
        if (x.hiddenSmuggling() || x.metaRefresh() || (x.scripts() > 0 && (lower.contains("atob(") || lower.contains("unescape(")
                || lower.contains("window.location") || lower.contains("document.write") || lower.contains("eval(")))) {
            f.fire("ATT_HTML_ACTIVE", label);
        }
    }

    private void inspectZip(byte[] data, String label, Findings f) {
        for (ZipListing.Entry e : ZipListing.entries(data, maxArchiveEntries)) {
            String n = e.name().toLowerCase(Locale.ROOT);
            String ext = extension(n);
            if (executable.contains(ext) || isDoubleExtension(n)) {
                f.fire("ATT_ARCHIVE_EXECUTABLE", label + " contains " + e.name());
            }
            if (diskImages.contains(ext) || macroOffice.contains(ext) || htmlLike.contains(ext)) {
                f.fire("ATT_ARCHIVE_RISKY_ENTRY", label + " contains " + e.name());
            }
            if (e.encrypted()) {
                f.fire("ATT_ARCHIVE_ENCRYPTED", label + " (" + e.name() + ")");
            }
        }
    }

    private void inspectPdf(byte[] data, String label, Findings f) {
        String text = new String(data, 0, Math.min(data.length, 2 * 1024 * 1024), StandardCharsets.ISO_8859_1);
        if (text.contains("/JavaScript") || text.contains("/Launch") || text.contains("/EmbeddedFile")) {
            f.fire("ATT_PDF_ACTIVE", label);
        }
        int at = 0;
        int found = 0;
        while ((at = text.indexOf("/URI", at)) >= 0 && found < 50) {
            at += 4;
            int open = text.indexOf('(', at);
            if (open < 0 || open - at > 8) {
                continue;
            }
            int close = text.indexOf(')', open);
            if (close < 0 || close - open > 2000) {
                continue;
            }
            found++;
            String host = Hosts.parseUrl(text.substring(open + 1, close)).host();
            if (host.isEmpty()) {
                continue;
            }
            if (Hosts.isIpLiteral(host) || domains.isFreeHost(host) || domains.isShortener(host) || domains.hasSuspiciousTld(host)) {
                f.fire("ATT_PDF_RISKY_LINK", label + " links to " + host);
            }
        }
    }

    private boolean hasMacros(Magic magic, byte[] data) {
        if (magic == Magic.OLE) {
            return contains(data, "_VBA_PROJECT") || contains(data, "V\0B\0A\0");
        }
        if (magic == Magic.ZIP) {
            return contains(data, "vbaProject.bin");
        }
        return false;
    }

    private static boolean contains(byte[] data, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        int limit = Math.min(data.length, 8 * 1024 * 1024) - needle.length;
        outer:
        for (int i = 0; i <= limit; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (data[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Extension after the last dot, lower case, without trailing spaces or dots. */
    static String extension(String name) {
        String n = name.strip();
        while (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).strip();
    }

    /** {@code invoice.pdf.exe}, {@code scan.jpg      .js}: a harmless-looking extension hiding a dangerous one. */
    private boolean isDoubleExtension(String name) {
        String ext = extension(name);
        if (!executable.contains(ext) && !htmlLike.contains(ext) && !diskImages.contains(ext)) {
            return false;
        }
        String stem = name.substring(0, Math.max(0, name.lastIndexOf('.')));
        String inner = extension(stem);
        return documentLike.contains(inner) || stem.endsWith(" ") || stem.contains("   ");
    }

    /** File kinds recognised by their first bytes. */
    enum Magic {
        EXECUTABLE, ZIP, RAR, SEVEN_ZIP, OLE, PDF, HTML, ISO, OTHER;

        static Magic of(byte[] d) {
            if (d.length >= 2 && d[0] == 'M' && d[1] == 'Z') {
                return EXECUTABLE;
            }
            if (d.length >= 4 && d[0] == 0x7f && d[1] == 'E' && d[2] == 'L' && d[3] == 'F') {
                return EXECUTABLE;
            }
            if (d.length >= 4 && d[0] == 'P' && d[1] == 'K' && (d[2] == 3 || d[2] == 5 || d[2] == 7)) {
                return ZIP;
            }
            if (d.length >= 4 && d[0] == 'R' && d[1] == 'a' && d[2] == 'r' && d[3] == '!') {
                return RAR;
            }
            if (d.length >= 2 && (d[0] & 0xff) == '7' && (d[1] & 0xff) == 'z') {
                return SEVEN_ZIP;
            }
            if (d.length >= 4 && (d[0] & 0xff) == 0xd0 && (d[1] & 0xff) == 0xcf && (d[2] & 0xff) == 0x11 && (d[3] & 0xff) == 0xe0) {
                return OLE;
            }
            if (d.length >= 4 && d[0] == '%' && d[1] == 'P' && d[2] == 'D' && d[3] == 'F') {
                return PDF;
            }
            if (d.length > 0x8006 && d[0x8001] == 'C' && d[0x8002] == 'D' && d[0x8003] == '0' && d[0x8004] == '0' && d[0x8005] == '1') {
                return ISO;
            }
            String head = new String(d, 0, Math.min(d.length, 256), StandardCharsets.ISO_8859_1).strip().toLowerCase(Locale.ROOT);
            if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<script") || head.startsWith("<svg")
                    || head.startsWith("<?xml") && head.contains("<svg") || head.startsWith("<head") || head.startsWith("<body")) {
                return HTML;
            }
            return OTHER;
        }
    }
}
