package com.mailmoat.detect.bulk;

import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.message.Address;
import com.mailmoat.detect.message.ParsedMessage;
import com.mailmoat.detect.rules.Analyzer;
import com.mailmoat.detect.rules.Findings;
import java.util.List;
import java.util.Locale;

/**
 * Traits of unsolicited bulk mail that are independent of its language: pictographs (emoji)
 * in the sender's name or the subject, HTML bodies without a plain-text alternative, large money
 * amounts dangled in the subject, and recipients hidden as "undisclosed". None is damning on its
 * own (the weights are small); together with a lure they separate spam from a brand's
 * newsletters, which rarely decorate the sender's name or hide the recipient list.
 */
public final class BulkMailAnalyzer implements Analyzer {

    /** Amounts from this value (in any currency) in a subject count as bait. */
    private static final long BAIT_AMOUNT = 500;

    @Override
    public String name() {
        return "bulk";
    }

    @Override
    public void analyze(ParsedMessage m, TenantContext context, Findings f) {
        String senderName = m.from().displayName();
        String pictograph = firstPictograph(senderName);
        if (pictograph != null) {
            f.fire("BULK_PICTOGRAPH_SENDER_NAME", senderName);
        }
        String padding = padding(senderName);
        if (padding != null) {
            f.fire("BULK_PADDED_SENDER_NAME", "\"" + senderName.replace('\t', ' ') + "\" (" + padding + ")");
        }
        String subject = m.subject().length() > 1000 ? m.subject().substring(0, 1000) : m.subject();
        if (firstPictograph(subject) != null) {
            f.fire("BULK_PICTOGRAPH_SUBJECT", subject);
        }
        if (m.htmlOnly()) {
            f.fire("BULK_HTML_ONLY", "an HTML body without a plain-text alternative");
        }
        String amount = baitAmount(subject);
        if (amount != null) {
            f.fire("BULK_MONEY_IN_SUBJECT", amount);
        }
        String greeted = addressAsName(m);
        if (greeted != null) {
            f.fire("BULK_ADDRESS_AS_NAME", greeted);
        }
        if (hiddenRecipients(m)) {
            f.fire("BULK_UNDISCLOSED_RECIPIENTS", m.to().isEmpty() ? "no To or Cc" : m.to().get(0).displayName());
        }
    }

    /**
     * What pads the display name, or null: tabs, runs of three or more spaces, or runs of two or
     * more dots inside it. Bulk senders pad names (and append random tags) so that no two copies
     * of a campaign look alike to a filter; people and companies write their names plainly.
     */
    static String padding(String name) {
        String n = name.strip();
        if (n.length() > 2 && n.charAt(0) == '"') {
            int close = n.indexOf('"', 1);
            if (close > 0 && close < n.length() - 1 && !n.substring(close + 1).isBlank()) {
                return "text after the quoted name"; // "Holiday Game" .YWEM: a tag outside the quotes
            }
        }
        int spaces = 0;
        int dots = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '\t') {
                return "tab";
            }
            spaces = c == ' ' ? spaces + 1 : 0;
            dots = c == '.' ? dots + 1 : 0;
            if (spaces >= 3) {
                return "run of spaces";
            }
            if (dots >= 2 && i + 1 < n.length()) {
                return "run of dots";
            }
        }
        return null;
    }

    /** The first emoji-like pictograph (symbols and pictographs blocks, dingbats), or null. */
    static String firstPictograph(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if ((cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x1F000 && cp <= 0x1F2FF)) {
                return new String(Character.toChars(cp));
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /**
     * A money amount of at least {@link #BAIT_AMOUNT} next to a currency sign or code, or null.
     * Linear scan, no regular expression: subjects are attacker-controlled.
     */
    static String baitAmount(String subject) {
        String s = subject.toLowerCase(Locale.ROOT);
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!Character.isDigit(s.charAt(i)) || (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)))) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && (Character.isDigit(s.charAt(j))
                    || ((s.charAt(j) == '.' || s.charAt(j) == ',') && j + 1 < n && Character.isDigit(s.charAt(j + 1))))) {
                j++;
            }
            if (amountValue(s.substring(i, j)) >= BAIT_AMOUNT && (currencyBefore(s, i) || currencyAfter(s, j))) {
                return subject.substring(Math.max(0, i - 2), Math.min(n, j + 5)).strip();
            }
            i = j + 1;
        }
        return null;
    }

    /** The whole-unit value of "7.500", "6400,00" or "1,200.50"; a one- or two-digit tail is cents. */
    static long amountValue(String token) {
        int lastSep = Math.max(token.lastIndexOf('.'), token.lastIndexOf(','));
        String whole = token;
        if (lastSep >= 0 && token.length() - lastSep - 1 <= 2) {
            whole = token.substring(0, lastSep);
        }
        long value = 0;
        int digits = 0;
        for (int k = 0; k < whole.length(); k++) {
            char c = whole.charAt(k);
            if (Character.isDigit(c)) {
                if (++digits > 15) {
                    return Long.MAX_VALUE;
                }
                value = value * 10 + (c - '0');
            }
        }
        return value;
    }

    private static boolean currencyBefore(String s, int i) {
        int k = i - 1;
        while (k >= 0 && s.charAt(k) == ' ') {
            k--;
        }
        return k >= 0 && "$€£₿".indexOf(s.charAt(k)) >= 0;
    }

    private static boolean currencyAfter(String s, int j) {
        int k = j;
        while (k < s.length() && s.charAt(k) == ' ') {
            k++;
        }
        if (k < s.length() && "$€£₿".indexOf(s.charAt(k)) >= 0) {
            return true;
        }
        for (String code : new String[] {"usd", "eur", "gbp", "usdt", "usdc", "btc", "eth", "euro", "dollar", "pfund"}) {
            if (s.startsWith(code, k) && (k + code.length() == s.length() || !Character.isLetter(s.charAt(k + code.length())))) {
                return true;
            }
        }
        return false;
    }

    /** Greetings after which mass mail puts the reader's address where a person's name would be. */
    private static final List<String> GREETINGS = List.of("hello", "hi", "hey", "dear", "hallo", "bonjour", "olá", "ola",
            "hola", "beste", "lieber", "liebe", "guten tag", "glückwunsch", "congratulations", "gefeliciteerd", "caro",
            "cara", "estimado", "prezado", "ciao", "salut", "welcome", "willkommen");

    /**
     * The recipient's address when the body greets them by it ("Hello jane@example.com,"), which
     * a sender who knows the reader never does; null otherwise.
     */
    static String addressAsName(ParsedMessage m) {
        String text = m.text().length() > 3000 ? m.text().substring(0, 3000) : m.text();
        boolean any = false;
        for (Address to : m.to()) {
            any |= to.address().indexOf('@') > 0 && text.indexOf(to.address()) >= 0;
        }
        if (!any) {
            return null; // the common case, decided without lower-casing anything
        }
        int checked = 0;
        for (Address to : m.to()) {
            String addr = to.address();
            if (addr.indexOf('@') <= 0 || ++checked > 5) {
                continue;
            }
            for (int at = text.indexOf(addr); at >= 0; at = text.indexOf(addr, at + addr.length())) {
                int end = at;
                while (end > 0 && !Character.isLetter(text.charAt(end - 1)) && at - end < 6) {
                    end--;
                }
                String before = text.substring(Math.max(0, end - 20), end).toLowerCase(Locale.ROOT);
                for (String g : GREETINGS) {
                    if (before.endsWith(g) && (before.length() == g.length()
                            || !Character.isLetter(before.charAt(before.length() - g.length() - 1)))) {
                        return g + " " + addr;
                    }
                }
            }
        }
        return null;
    }

    /** True when the visible recipients are missing or a placeholder ("undisclosed recipients"). */
    static boolean hiddenRecipients(ParsedMessage m) {
        if (m.to().isEmpty()) {
            String to = m.header("To");
            return to == null || to.isBlank() || to.toLowerCase(Locale.ROOT).contains("undisclosed");
        }
        for (Address a : m.to()) {
            String shown = (a.displayName() + " " + a.address()).toLowerCase(Locale.ROOT);
            if (!shown.contains("undisclosed")) {
                return false;
            }
        }
        return true;
    }
}
