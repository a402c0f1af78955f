package com.mailmoat.detect.auth;

import java.util.Locale;

/**
 * The results one Authentication-Results (RFC 8601) or ARC-Authentication-Results header
 * records for SPF, DKIM, DMARC, ARC and Microsoft's composite authentication.
 *
 * @param spf        spf result ({@code pass}, {@code fail}, {@code softfail}, ...) or empty
 * @param dkim       dkim result or empty; a {@code pass} anywhere wins over a failing signature
 * @param dmarc      dmarc result or empty
 * @param compauth   compauth result or empty
 * @param arc        arc result or empty
 * @param headerFrom the {@code header.from} domain the results were computed for, or empty
 */
public record AuthResults(String spf, String dkim, String dmarc, String compauth, String arc, String headerFrom) {

    /** Reads the method results from a header value in one pass; unknown text is skipped. */
    public static AuthResults parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        String dkim = result(v, "dkim=");
        if (v.contains("dkim=pass")) {
            dkim = "pass";
        }
        return new AuthResults(result(v, "spf="), dkim, result(v, "dmarc="), result(v, "compauth="),
                result(v, "arc="), result(v, "header.from="));
    }

    private static String result(String v, String key) {
        int at = 0;
        while ((at = v.indexOf(key, at)) >= 0) {
            // the method name must start a token, not end another one (e.g. "smtp.dkim=")
            if (at == 0 || " ;\t(".indexOf(v.charAt(at - 1)) >= 0) {
                int start = at + key.length();
                int end = start;
                while (end < v.length() && " ;()\t,".indexOf(v.charAt(end)) < 0) {
                    end++;
                }
                return v.substring(start, end);
            }
            at += key.length();
        }
        return "";
    }

    /** True when nothing was recorded. */
    public boolean isEmpty() {
        return spf.isEmpty() && dkim.isEmpty() && dmarc.isEmpty() && compauth.isEmpty();
    }
}
