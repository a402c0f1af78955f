package com.mailmoat.detect.auth;

import com.mailmoat.detect.message.HeaderBlock;
import java.util.Locale;

/**
 * Finds the authentication results recorded by the receiving side — in a Microsoft 365 mailbox,
 * Exchange Online's inbound hop — and tells them apart from results anyone could have written.
 *
 * <p>Mail servers prepend their trace fields (Received, Authentication-Results, ARC sets,
 * X-MS-Exchange-..., X-Forefront-...), so the fields the last receiving server wrote form the top
 * block of the header, above the first field the sender wrote (From, Subject, DKIM-Signature,
 * Message-ID...). A sender can write an Authentication-Results saying {@code dmarc=pass} into their
 * own message, but only below that block; Exchange Online moreover renames incoming
 * Authentication-Results to Authentication-Results-Original. So:
 * <ul>
 *   <li>Exchange Online seals every message it receives with an ARC set ({@code d=microsoft.com},
 *       results by {@code mx.microsoft.com}) numbered after any it found. The highest Microsoft set
 *       is its own; when its seal says the chain before it verified ({@code cv=pass}), the lowest
 *       Microsoft set is authentic too, and it records how the mail first entered Microsoft (later
 *       sets describe forwarding hops, which judge the forwarder, not the sender);</li>
 *   <li>otherwise the topmost Authentication-Results inside the top block is the receiving
 *       side's, else its ARC-Authentication-Results with the highest instance;</li>
 *   <li>results found only further down are the sender's word: the analyzer then lets only
 *       failures count (a sender gains nothing by claiming to fail) and never a pass.</li>
 * </ul>
 */
final class ReceivingSide {

    /**
     * Results and how far to trust them.
     *
     * @param results the method results
     * @param trusted true when written by the receiving side
     * @param source  the field they came from, for evidence
     */
    record Found(AuthResults results, boolean trusted, String source) {
    }

    private ReceivingSide() {
    }

    /** The receiving side's results, else untrusted ones, else null. */
    static Found find(HeaderBlock h) {
        int block = 0;
        while (block < h.size() && isTraceField(h.name(block))) {
            block++;
        }
        Found microsoft = microsoftArc(h, block);
        if (microsoft != null) {
            return microsoft;
        }
        Found inside = search(h, 0, block, true);
        if (inside != null) {
            return inside;
        }
        return search(h, block, h.size(), false);
    }

    /** Exchange Online's own ARC results in the top block (see the class comment), or null. */
    private static Found microsoftArc(HeaderBlock h, int block) {
        int top = -1;
        int lowest = Integer.MAX_VALUE;
        String topValue = null;
        String lowestValue = null;
        boolean topSealPassed = false;
        for (int i = 0; i < block; i++) {
            if (h.is(i, "ARC-Authentication-Results")) {
                String v = h.value(i);
                if (!server(v).equals("mx.microsoft.com")) {
                    continue;
                }
                int instance = instance(v);
                if (instance > top) {
                    top = instance;
                    topValue = v;
                }
                if (instance < lowest) {
                    lowest = instance;
                    lowestValue = v;
                }
            }
        }
        if (topValue == null) {
            return null;
        }
        for (int i = 0; i < block; i++) {
            if (h.is(i, "ARC-Seal")) {
                String v = h.value(i).toLowerCase(Locale.ROOT);
                if (instance(v) == top && v.contains("d=microsoft.com") && v.contains("cv=pass")) {
                    topSealPassed = true;
                }
            }
        }
        int chosen = topSealPassed ? lowest : top;
        AuthResults r = AuthResults.parse(topSealPassed ? lowestValue : topValue);
        return r.isEmpty() ? null : new Found(r, true, "ARC-Authentication-Results i=" + chosen + " by mx.microsoft.com");
    }

    private static Found search(HeaderBlock h, int from, int to, boolean trusted) {
        for (int i = from; i < to; i++) {
            if (h.is(i, "Authentication-Results")) {
                AuthResults r = AuthResults.parse(h.value(i));
                if (!r.isEmpty()) {
                    return new Found(r, trusted, "Authentication-Results");
                }
            }
        }
        int bestInstance = -1;
        AuthResults best = null;
        String bestServer = "";
        for (int i = from; i < to; i++) {
            if (!h.is(i, "ARC-Authentication-Results")) {
                continue;
            }
            String v = h.value(i);
            AuthResults r = AuthResults.parse(v);
            int instance = instance(v);
            if (!r.isEmpty() && instance > bestInstance) {
                bestInstance = instance;
                best = r;
                bestServer = server(v);
            }
        }
        return best == null ? null : new Found(best, trusted, "ARC-Authentication-Results i=" + bestInstance
                + (bestServer.isEmpty() ? "" : " by " + bestServer));
    }

    /** The {@code i=} of an ARC field, or 0. */
    static int instance(String value) {
        String v = value.strip();
        if (!v.regionMatches(true, 0, "i=", 0, 2)) {
            return 0;
        }
        int n = 0;
        for (int k = 2; k < v.length() && k < 6 && Character.isDigit(v.charAt(k)); k++) {
            n = n * 10 + (v.charAt(k) - '0');
        }
        return n;
    }

    /** The authserv-id after {@code i=N;}, e.g. {@code mx.microsoft.com}. */
    private static String server(String value) {
        int semi = value.indexOf(';');
        if (semi < 0) {
            return "";
        }
        String rest = value.substring(semi + 1).strip();
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != ';') {
            end++;
        }
        String s = rest.substring(0, end).toLowerCase(Locale.ROOT);
        return s.indexOf('=') >= 0 ? "" : s;
    }

    /** Fields receiving servers write (trace, authentication, filtering); anything else ends the top block. */
    static boolean isTraceField(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("received") || n.equals("x-received") || n.equals("return-path") || n.equals("delivered-to")
                || n.equals("x-original-to") || n.startsWith("arc-") || n.startsWith("authentication-results")
                || n.equals("received-spf") || n.startsWith("x-ms-") || n.startsWith("x-microsoft-")
                || n.startsWith("x-forefront-") || n.startsWith("x-eop") || n.equals("x-originating-ip")
                || n.startsWith("x-incoming") || n.startsWith("x-sid-") || n.startsWith("x-spam") || n.startsWith("x-virus")
                || n.startsWith("x-google-") || n.startsWith("x-gm-") || n.equals("x-mailgun-sid")
                || n.equals("x-originatororg") || n.startsWith("x-proofpoint") || n.startsWith("x-mimecast")
                || n.startsWith("x-ironport") || n.startsWith("x-sender") || n.startsWith("x-envelope");
    }
}
