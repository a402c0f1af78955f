package com.mailmoat.detect.message;

import com.mailmoat.detect.language.TextNormaliser;
import java.util.List;

/**
 * The parts of a message the analyzers look at, extracted once by {@link MessageParser}, plus
 * forms of them several analyzers share (the folded text phrase matching and the learning
 * layer's features both read), computed on first use. One instance per evaluation; not
 * thread-safe.
 */
public final class ParsedMessage {

    /** Characters of body text folded for phrase matching and features. */
    public static final int MAX_FOLDED_BODY = 30_000;

    private final HeaderBlock headers;
    private final Address from;
    private final int fromCount;
    private final Address sender;
    private final List<Address> replyTo;
    private final Address returnPath;
    private final List<Address> to;
    private final String subject;
    private final String text;
    private final List<Link> links;
    private final HtmlContent.Features html;
    private final List<Attachment> attachments;
    private final boolean report;
    private final List<String> problems;
    private final boolean htmlOnly;
    private final String notEmail;
    private List<Header> headerList;
    private String foldedSender;
    private String foldedSubject;
    private String foldedBody;
    private List<Hosts.Url> urls;
    private int bodyFlags = -1;
    private int asciiAll = -1;

    /**
     * @param headers     header fields of the top-level message
     * @param from        the (first) From mailbox; empty fields when missing or unparseable
     * @param fromCount   number of mailboxes in From (more than one is unusual)
     * @param sender      the Sender mailbox, or null
     * @param replyTo     Reply-To mailboxes
     * @param returnPath  the Return-Path (envelope sender), or null
     * @param to          To and Cc mailboxes
     * @param subject     decoded Subject, empty when missing
     * @param text        visible text of the body parts (plain and HTML), bounded
     * @param links       links from bodies and text, bounded
     * @param html        what the HTML bodies contain beyond text and links
     * @param attachments non-body parts with their decoded bytes (bounded)
     * @param report      true for delivery reports (multipart/report): their attached original is
     *                    quoted, not sent by the reporting party
     * @param problems    what could not be parsed or was cut by a limit, for the verdict's reasons
     * @param htmlOnly    true when the message has an HTML body and no plain-text alternative
     * @param notEmail    why the input is not an email at all (binary data, no header fields), or
     *                    null for an email
     */
    public ParsedMessage(HeaderBlock headers, Address from, int fromCount, Address sender, List<Address> replyTo,
                         Address returnPath, List<Address> to, String subject, String text, List<Link> links,
                         HtmlContent.Features html, List<Attachment> attachments, boolean report, List<String> problems,
                         boolean htmlOnly, String notEmail) {
        this.headers = headers;
        this.from = from;
        this.fromCount = fromCount;
        this.sender = sender;
        this.replyTo = replyTo;
        this.returnPath = returnPath;
        this.to = to;
        this.subject = subject;
        this.text = text;
        this.links = links;
        this.html = html;
        this.attachments = attachments;
        this.report = report;
        this.problems = problems;
        this.htmlOnly = htmlOnly;
        this.notEmail = notEmail;
    }

    /** The top-level header fields, read lazily. */
    public HeaderBlock headerBlock() {
        return headers;
    }

    /** Header fields of the top-level message, in order (materialises every value: prefer {@link #header}). */
    public List<Header> headers() {
        if (headerList == null) {
            headerList = headers.toList();
        }
        return headerList;
    }

    /** First value of a header (case-insensitive name), or null. */
    public String header(String name) {
        return headers.first(name);
    }

    /** All values of a header, in order. */
    public List<String> headers(String name) {
        return headers.all(name);
    }

    public Address from() {
        return from;
    }

    public int fromCount() {
        return fromCount;
    }

    public Address sender() {
        return sender;
    }

    public List<Address> replyTo() {
        return replyTo;
    }

    public Address returnPath() {
        return returnPath;
    }

    public List<Address> to() {
        return to;
    }

    public String subject() {
        return subject;
    }

    public String text() {
        return text;
    }

    public List<Link> links() {
        return links;
    }

    /**
     * The links parsed into scheme, host and rest, in the order of {@link #links()}: several
     * analyzers look at the same links, and each parsing them again was a twentieth of the work.
     */
    public List<Hosts.Url> urls() {
        if (urls == null) {
            Hosts.Url[] parsed = new Hosts.Url[links.size()];
            for (int i = 0; i < parsed.length; i++) {
                parsed[i] = Hosts.parseUrl(links.get(i).url());
            }
            urls = List.of(parsed);
        }
        return urls;
    }

    public HtmlContent.Features html() {
        return html;
    }

    public List<Attachment> attachments() {
        return attachments;
    }

    public boolean report() {
        return report;
    }

    public List<String> problems() {
        return problems;
    }

    public boolean htmlOnly() {
        return htmlOnly;
    }

    /** Why the input is not an email (then nothing else is meaningful), or null. */
    public String notEmail() {
        return notEmail;
    }

    /** The From display name folded by {@link TextNormaliser} (lower case, words between single spaces). */
    public String foldedSender() {
        if (foldedSender == null) {
            foldedSender = TextNormaliser.normalise(from.displayName(), 500);
        }
        return foldedSender;
    }

    /** The subject, folded. */
    public String foldedSubject() {
        if (foldedSubject == null) {
            foldedSubject = TextNormaliser.normalise(subject, 2000);
        }
        return foldedSubject;
    }

    /**
     * True when the subject, sender name and the first {@value #MAX_FOLDED_BODY} characters of the
     * text are all ASCII: then no word there can mix scripts or hide invisible characters, and the
     * checks for those (which look no further) are skipped.
     */
    public boolean asciiOnly() {
        if (asciiAll < 0) {
            foldedBody(); // notes whether the (folded part of the) text is ASCII
            asciiAll = (bodyFlags & TextNormaliser.NON_ASCII) == 0 && ascii(subject) && ascii(from.displayName()) ? 1 : 0;
        }
        return asciiAll == 1;
    }

    /**
     * What the folding of the first {@value #MAX_FOLDED_BODY} characters of the text saw:
     * {@link TextNormaliser#NON_ASCII}, {@link TextNormaliser#OTHER_SCRIPT}, {@link TextNormaliser#INVISIBLE}.
     */
    public int bodyTraits() {
        foldedBody();
        return bodyFlags;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** The first {@value #MAX_FOLDED_BODY} characters of the body text, folded. */
    public String foldedBody() {
        if (foldedBody == null) {
            int[] flags = new int[1];
            foldedBody = TextNormaliser.normalise(text, MAX_FOLDED_BODY, flags);
            bodyFlags = flags[0];
        }
        return foldedBody;
    }
}
