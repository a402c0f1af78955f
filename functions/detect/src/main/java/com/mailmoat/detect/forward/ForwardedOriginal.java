package com.mailmoat.detect.forward;

import com.mailmoat.detect.message.ParsedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message a forward quotes inline, rebuilt as a message of its own. Mail clients put the
 * original's header fields at the top of a forward's text ("De: / Enviado: / Assunto:", "From: /
 * Sent: / Subject:", Gmail's "---------- Forwarded message ---------"), in the language of the
 * person forwarding; the analyzers judge the forward's own sender (usually the colleague who
 * forwarded it), so without this nobody looks at who sent the original.
 *
 * <p>Only forwards count: the subject says so (Fw:, Fwd:, ENC:, WG:, TR:, RV:, I:) or a forward
 * marker precedes the block. Quoted history in replies ("-----Original Message-----" under
 * "Re:") is a conversation the recipient already took part in and is left alone.
 */
public final class ForwardedOriginal {

    /** Characters of text searched: a forward's quoted fields are at its top. */
    private static final int HEAD_CHARS = 4000;
    /** Lines after the From line within which the Subject line must follow. */
    private static final int FIELD_LINES = 6;

    private static final Pattern FORWARD_SUBJECT = Pattern.compile(
            "^\\s*(\\[[^\\]]{0,40}\\]\\s*)?((re|aw|sv|antw|res)\\s*:\\s*)*(fw|fwd|enc|wg|tr|rv|i)\\s*:", Pattern.CASE_INSENSITIVE);
    /** Forward markers, folded as {@link ParsedMessage#foldedBody()} is (lower case, words between single spaces). */
    private static final String[] FORWARD_MARKERS = {" forwarded message ", " begin forwarded message ",
        " mensagem encaminhada ", " mensaje reenviado ", " weitergeleitete nachricht ", " message transféré ",
        " message transfere ", " doorgestuurd bericht ", " messaggio inoltrato ", " videresendt melding ",
        " vidarebefordrat meddelande "};
    private static final Pattern FIELD = Pattern.compile("^[\\s>*]*([\\p{L}]{2,14})\\s*:\\s*(.*)$");
    private static final Set<String> FROM_NAMES = Set.of("from", "de", "von", "van", "da", "od", "fra", "från", "от", "lähettäjä");
    private static final Set<String> SUBJECT_NAMES = Set.of("subject", "assunto", "asunto", "betreff", "objet", "oggetto",
            "onderwerp", "emne", "ämne", "temat", "тема", "aihe");
    private static final Set<String> DATE_NAMES = Set.of("sent", "date", "enviado", "enviada", "gesendet", "datum", "envoyé",
            "inviato", "verzonden", "data", "fecha", "sendt", "skickat", "отправлено", "lähetetty");
    private static final Set<String> TO_NAMES = Set.of("to", "para", "an", "aan", "a", "à", "til", "till", "do", "кому",
            "vastaanottaja");
    private static final Pattern MAILTO = Pattern.compile("\\[mailto:([^\\]\\s]+)\\]", Pattern.CASE_INSENSITIVE);

    private ForwardedOriginal() {
    }

    /**
     * The forwarded original as MIME bytes (its From, Subject and Date fields and the text after
     * them), or null when {@code m} is not an inline forward.
     */
    public static byte[] of(ParsedMessage m) {
        String text = m.text();
        if (text.isEmpty()) {
            return null;
        }
        // most mail is no forward: decide that from the subject and the already folded text before
        // reading any line (a pattern over every line of every message cost a third of the engine)
        if (!FORWARD_SUBJECT.matcher(m.subject()).find() && !hasMarker(m.foldedBody())) {
            return null;
        }
        String head = text.length() > HEAD_CHARS ? text.substring(0, HEAD_CHARS) : text;
        String[] lines = head.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String from = fieldValue(lines[i], FROM_NAMES);
            if (from == null) {
                continue;
            }
            String subject = null;
            String date = null;
            String to = null;
            int last = i;
            for (int j = i + 1; j < lines.length && j <= i + FIELD_LINES; j++) {
                if (date == null) {
                    date = fieldValue(lines[j], DATE_NAMES);
                }
                if (to == null) {
                    to = fieldValue(lines[j], TO_NAMES);
                }
                subject = fieldValue(lines[j], SUBJECT_NAMES);
                if (subject != null) {
                    last = j;
                    break;
                }
            }
            if (subject == null || date == null) {
                continue;
            }
            int bodyStart = 0;
            for (int k = 0; k <= last; k++) {
                bodyStart = text.indexOf('\n', bodyStart) + 1;
                if (bodyStart == 0) {
                    bodyStart = text.length();
                    break;
                }
            }
            return mime(from, to, subject, date, text.substring(bodyStart));
        }
        return null;
    }

    private static boolean hasMarker(String folded) {
        for (String marker : FORWARD_MARKERS) {
            if (folded.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** The value of a "Name: value" line whose name is one of {@code names}, or null. */
    private static String fieldValue(String line, Set<String> names) {
        if (line.length() > 400 || line.indexOf(':') < 0) {
            return null;
        }
        Matcher fm = FIELD.matcher(line);
        if (!fm.matches() || !names.contains(fm.group(1).toLowerCase(Locale.ROOT))) {
            return null;
        }
        return fm.group(2).strip();
    }

    /** A quoted block without a To line quotes mail sent to hidden recipients: so is the rebuilt one. */
    private static byte[] mime(String from, String to, String subject, String date, String body) {
        String crlf = "\r\n";
        String message = "From: " + oneLine(address(from)) + crlf
                + (to == null || to.isEmpty() ? "" : "To: " + oneLine(address(to)) + crlf)
                + "Subject: " + oneLine(subject) + crlf
                + "Date: " + oneLine(date) + crlf
                + "MIME-Version: 1.0" + crlf
                + "Content-Type: text/plain; charset=utf-8" + crlf
                + "Content-Transfer-Encoding: 8bit" + crlf
                + crlf
                + body;
        return message.getBytes(StandardCharsets.UTF_8);
    }

    /** Outlook writes "Name [mailto:a@b]"; header syntax wants "Name <a@b>". */
    private static String address(String field) {
        return MAILTO.matcher(field).replaceAll("<$1>");
    }

    private static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }
}
