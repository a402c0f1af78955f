package com.mailmoat.detect.message;

/**
 * Upper bounds on the work spent on one message, so a hostile message cannot exhaust memory
 * or time. Anything beyond a limit is skipped and reported as a parse note.
 *
 * @param maxMessageBytes    bytes of raw MIME considered; the rest is ignored
 * @param maxParts           MIME parts visited
 * @param maxDepth           nesting depth of multiparts and attached messages
 * @param maxPartBytes       decoded bytes kept per part
 * @param maxDecodedBytes    decoded bytes over all parts
 * @param maxHtmlChars       characters of one HTML document handed to the HTML parser
 * @param maxTextChars       characters of visible text kept for language analysis
 * @param maxLinks           links kept
 * @param maxArchiveEntries  entries listed per archive
 * @param maxHeaders         header fields kept
 */
public record Limits(int maxMessageBytes, int maxParts, int maxDepth, int maxPartBytes,
                     long maxDecodedBytes, int maxHtmlChars, int maxTextChars, int maxLinks,
                     int maxArchiveEntries, int maxHeaders) {

    /** Defaults sized for mailbox mail (Microsoft 365 caps messages at 150 MB; we look at 25 MB). */
    public static Limits defaults() {
        return new Limits(25 * 1024 * 1024, 200, 12, 8 * 1024 * 1024, 32L * 1024 * 1024,
                400_000, 60_000, 400, 500, 500);
    }
}
