package com.mailmoat.core.checks.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** An SPF macro-string (RFC 7208 section 7), parsed once and expanded per evaluation. */
final class MacroString {

    /** Where a macro-string appears decides which letters and characters it may use. */
    enum Context {
        /** domain-spec: letters s l o d i p h v; no spaces. */
        DOMAIN_SPEC("slodiphv", false),
        /** the value of an unknown modifier: any macro letter; no spaces. */
        MODIFIER("slodiphvcrt", false),
        /** explanation text fetched by exp=: any macro letter; spaces allowed. */
        EXPLANATION("slodiphvcrt", true);

        private final String letters;
        private final boolean spacesAllowed;

        Context(String letters, boolean spacesAllowed) {
            this.letters = letters;
            this.spacesAllowed = spacesAllowed;
        }
    }

    /** Supplies the values of macro letters (lower case) during expansion. */
    interface Values {
        String value(char letter);
    }

    private sealed interface Token permits Literal, Escape, Expand {
    }

    private record Literal(String text) implements Token {
    }

    /** {@code %%}, {@code %_} or {@code %-}: macro-expands in the grammar, fixed text in effect. */
    private record Escape(String text) implements Token {
    }

    private record Expand(char letter, boolean urlEscape, int rightParts, boolean reverse, String delimiters)
            implements Token {
    }

    private final String source;
    private final List<Token> tokens;

    private MacroString(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    static MacroString parse(String text, Context context) throws SpfSyntaxException {
        List<Token> tokens = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                boolean visible = c >= 0x21 && c <= 0x7e;
                if (!visible && !(c == ' ' && context.spacesAllowed)) {
                    throw new SpfSyntaxException("invalid character " + describe(c) + " in \"" + text + "\"");
                }
                literal.append(c);
                i++;
                continue;
            }
            if (literal.length() > 0) {
                tokens.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            switch (next) {
                case '%':
                    tokens.add(new Escape("%"));
                    i += 2;
                    break;
                case '_':
                    tokens.add(new Escape(" "));
                    i += 2;
                    break;
                case '-':
                    tokens.add(new Escape("%20"));
                    i += 2;
                    break;
                case '{':
                    i = parseExpand(text, i + 2, context, tokens);
                    break;
                default:
                    throw new SpfSyntaxException("a '%' must start a macro (%{...}, %%, %_ or %-) in \"" + text + "\"");
            }
        }
        if (literal.length() > 0) {
            tokens.add(new Literal(literal.toString()));
        }
        return new MacroString(text, List.copyOf(tokens));
    }

    private static int parseExpand(String text, int start, Context context, List<Token> tokens)
            throws SpfSyntaxException {
        int close = text.indexOf('}', start);
        if (close < 0 || close == start) {
            throw new SpfSyntaxException("unterminated macro in \"" + text + "\"");
        }
        String body = text.substring(start, close);
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        if (letter > 127 || context.letters.indexOf(lower) < 0) {
            throw new SpfSyntaxException("macro letter '" + letter + "' is not allowed here in \"" + text + "\"");
        }
        int i = 1;
        int digitsStart = i;
        while (i < body.length() && body.charAt(i) >= '0' && body.charAt(i) <= '9') {
            i++;
        }
        int rightParts = 0;
        if (i > digitsStart) {
            String digits = body.substring(digitsStart, i);
            rightParts = digits.length() > 3 ? 999 : Integer.parseInt(digits);
            if (rightParts == 0) {
                throw new SpfSyntaxException("a macro cannot keep zero parts in \"" + text + "\"");
            }
        }
        boolean reverse = false;
        if (i < body.length() && (body.charAt(i) == 'r' || body.charAt(i) == 'R')) {
            reverse = true;
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (".-+,/_=".indexOf(d) < 0) {
                throw new SpfSyntaxException("invalid macro delimiter '" + d + "' in \"" + text + "\"");
            }
        }
        tokens.add(new Expand(lower, Character.isUpperCase(letter), rightParts, reverse,
                delimiters.isEmpty() ? "." : delimiters));
        return close + 1;
    }

    private static String describe(char c) {
        return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    String source() {
        return source;
    }

    /** True when the string ends with a macro (the grammar then needs no top label). */
    boolean endsWithMacro() {
        return !tokens.isEmpty() && !(tokens.get(tokens.size() - 1) instanceof Literal);
    }

    /** The literal text after the last macro (the whole string when it has none). */
    String trailingLiteral() {
        if (tokens.isEmpty() || !(tokens.get(tokens.size() - 1) instanceof Literal)) {
            return "";
        }
        return ((Literal) tokens.get(tokens.size() - 1)).text();
    }

    String expand(Values values) {
        StringBuilder out = new StringBuilder();
        for (Token token : tokens) {
            if (token instanceof Literal literal) {
                out.append(literal.text());
            } else if (token instanceof Escape escape) {
                out.append(escape.text());
            } else {
                out.append(expand((Expand) token, values));
            }
        }
        return out.toString();
    }

    private static String expand(Expand expand, Values values) {
        String value = values.value(expand.letter());
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (expand.delimiters().indexOf(c) >= 0) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (expand.reverse()) {
            Collections.reverse(parts);
        }
        if (expand.rightParts() > 0 && expand.rightParts() < parts.size()) {
            parts = parts.subList(parts.size() - expand.rightParts(), parts.size());
        }
        String joined = String.join(".", parts);
        return expand.urlEscape() ? urlEscape(joined) : joined;
    }

    /** Escapes everything but RFC 3986 unreserved characters, as upper-case macro letters require. */
    private static String urlEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
