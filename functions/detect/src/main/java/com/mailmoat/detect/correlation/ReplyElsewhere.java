package com.mailmoat.detect.correlation;

import com.mailmoat.detect.domain.DomainKnowledge;
import com.mailmoat.detect.message.Address;
import com.mailmoat.detect.message.ParsedMessage;
import java.util.Locale;

/**
 * A request in the text to write to a free-mail address that is neither the sender's nor its
 * Reply-To ("email me at …@gmail.com", "reply me through my private email: …"). Advance-fee,
 * lottery and dating fraud send from a throwaway or hijacked account and move the conversation to
 * one they keep; companies and colleagues are answered where they wrote from. A bare
 * {@code E-mail:} label (a signature) is not a request.
 */
final class ReplyElsewhere {

    /** Text searched: the request comes at the start of such mail. */
    private static final int HEAD_CHARS = 6000;
    /** Characters before the address in which the request must stand. */
    private static final int REQUEST_REACH = 60;
    /** Own wording of requests to write elsewhere (matched in lower case, before the address). */
    private static final String[] REQUESTS = {
        "email me", "e-mail me", "mail me", "write me", "write to me", "contact me", "reach me", "reply me",
        "reply to me", "reply to:", "respond to me", "get back to me", "my private email", "my private e-mail",
        "my personal email", "my personal e-mail", "my direct email", "my email", "my e-mail", "to this email",
        "to this e-mail", "contact email", "through my private", "via my private",
    };

    private final DomainKnowledge domains;

    ReplyElsewhere(DomainKnowledge domains) {
        this.domains = domains;
    }

    /** The evidence ("… write me to x@gmail.com"), or null. */
    String find(ParsedMessage m) {
        String text = m.text();
        int end = Math.min(text.length(), HEAD_CHARS);
        for (int at = text.indexOf('@'); at > 0 && at < end; at = text.indexOf('@', at + 1)) {
            String address = addressAround(text, at);
            if (address == null) {
                continue;
            }
            String domain = address.substring(address.indexOf('@') + 1);
            if (!domains.isFreemail(domain) || isSenders(m, address)) {
                continue;
            }
            int addressStart = at - (address.indexOf('@'));
            String before = text.substring(Math.max(0, addressStart - REQUEST_REACH), addressStart).toLowerCase(Locale.ROOT);
            for (String request : REQUESTS) {
                if (before.contains(request)) {
                    return "\"" + request + "\" " + address + " (the sender is " + senderShown(m) + ")";
                }
            }
        }
        return null;
    }

    private static boolean isSenders(ParsedMessage m, String address) {
        if (address.equalsIgnoreCase(m.from().address())) {
            return true;
        }
        for (Address r : m.replyTo()) {
            if (address.equalsIgnoreCase(r.address())) {
                return true;
            }
        }
        return false;
    }

    private static String senderShown(ParsedMessage m) {
        return m.from().address().isEmpty() ? "not named" : m.from().address();
    }

    /** The lower-case address whose '@' is at {@code at}, or null when the characters around it are not one. */
    private static String addressAround(String text, int at) {
        int start = at;
        while (start > 0 && localChar(text.charAt(start - 1))) {
            start--;
        }
        int stop = at + 1;
        while (stop < text.length() && domainChar(text.charAt(stop))) {
            stop++;
        }
        while (stop > at + 1 && (text.charAt(stop - 1) == '.' || text.charAt(stop - 1) == '-')) {
            stop--;
        }
        if (start == at || text.indexOf('.', at) < 0 || text.indexOf('.', at) >= stop) {
            return null;
        }
        return text.substring(start, stop).toLowerCase(Locale.ROOT);
    }

    private static boolean localChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '+');
    }

    private static boolean domainChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }
}
