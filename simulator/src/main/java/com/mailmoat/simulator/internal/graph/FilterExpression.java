package com.mailmoat.simulator.internal.graph;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed OData {@code $filter}: comparisons ({@code eq ne gt ge lt le}), {@code in (…)},
 * {@code startswith/endswith/contains(prop,'x')}, {@code and}, {@code or}, {@code not} and
 * parentheses. It reports the operators and properties it uses, so callers can apply Graph's
 * rules (advanced directory queries, the messages {@code InefficientFilter} rule).
 */
final class FilterExpression {

    /** A {@code $filter} that cannot be parsed. */
    static final class InvalidFilterException extends RuntimeException {
        InvalidFilterException(String message) {
            super(message);
        }
    }

    private interface Node {
        boolean test(Function<String, Object> properties);
    }

    private final Node root;
    private final Set<String> operators = new LinkedHashSet<>();
    private final List<String> properties = new ArrayList<>();
    private final List<String> tokens;
    private int position;

    private FilterExpression(String text) {
        this.tokens = tokenize(text);
        this.root = parseOr();
        if (position != tokens.size()) {
            throw new InvalidFilterException("Invalid filter clause: unexpected '" + tokens.get(position) + "'.");
        }
    }

    static FilterExpression parse(String text) {
        return new FilterExpression(text);
    }

    boolean test(Function<String, Object> properties) {
        return root.test(properties);
    }

    /** Lower-case operator and function names used (eq, ne, startswith, endswith, not, or, in …). */
    Set<String> operators() {
        return operators;
    }

    /** Property paths in order of appearance. */
    List<String> properties() {
        return properties;
    }

    private Node parseOr() {
        Node left = parseAnd();
        while (peekKeyword("or")) {
            position++;
            operators.add("or");
            Node a = left;
            Node b = parseAnd();
            left = p -> a.test(p) || b.test(p);
        }
        return left;
    }

    private Node parseAnd() {
        Node left = parseUnary();
        while (peekKeyword("and")) {
            position++;
            Node a = left;
            Node b = parseUnary();
            left = p -> a.test(p) && b.test(p);
        }
        return left;
    }

    private Node parseUnary() {
        if (peekKeyword("not")) {
            position++;
            operators.add("not");
            Node inner = parseUnary();
            return p -> !inner.test(p);
        }
        return parsePrimary();
    }

    private Node parsePrimary() {
        String token = next();
        if (token.equals("(")) {
            Node inner = parseOr();
            expect(")");
            return inner;
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (List.of("startswith", "endswith", "contains").contains(lower) && peek("(")) {
            position++;
            String property = property(next());
            expect(",");
            Object literal = literal(next());
            expect(")");
            operators.add(lower);
            String needle = String.valueOf(literal).toLowerCase(Locale.ROOT);
            return p -> {
                Object value = p.apply(property);
                if (value == null) {
                    return false;
                }
                String haystack = value.toString().toLowerCase(Locale.ROOT);
                return switch (lower) {
                    case "startswith" -> haystack.startsWith(needle);
                    case "endswith" -> haystack.endsWith(needle);
                    default -> haystack.contains(needle);
                };
            };
        }
        String property = property(token);
        String operator = next().toLowerCase(Locale.ROOT);
        if (operator.equals("in")) {
            operators.add("in");
            expect("(");
            List<Object> values = new ArrayList<>();
            values.add(literal(next()));
            while (peek(",")) {
                position++;
                values.add(literal(next()));
            }
            expect(")");
            return p -> values.stream().anyMatch(v -> compare(p.apply(property), v) == 0);
        }
        if (!List.of("eq", "ne", "gt", "ge", "lt", "le").contains(operator)) {
            throw new InvalidFilterException("Invalid filter clause: unsupported operator '" + operator + "'.");
        }
        operators.add(operator);
        Object literal = literal(next());
        return p -> {
            Object value = p.apply(property);
            if (operator.equals("eq")) {
                return compare(value, literal) == 0;
            }
            if (operator.equals("ne")) {
                return compare(value, literal) != 0;
            }
            if (value == null || literal == null) {
                return false;
            }
            int c = compare(value, literal);
            return switch (operator) {
                case "gt" -> c > 0;
                case "ge" -> c >= 0;
                case "lt" -> c < 0;
                default -> c <= 0;
            };
        };
    }

    private String property(String token) {
        if (!Character.isLetter(token.charAt(0))) {
            throw new InvalidFilterException("Invalid filter clause: expected a property name, found '" + token + "'.");
        }
        properties.add(token);
        return token;
    }

    /** Compares a property value with a literal; 0 means equal (strings case-insensitively). */
    static int compare(Object value, Object literal) {
        if (value == null || literal == null) {
            return value == literal ? 0 : 1;
        }
        if (value instanceof Instant instant) {
            Instant other = literal instanceof Instant i ? i : instant(literal.toString());
            if (other == null) {
                throw new InvalidFilterException("Invalid filter clause: '" + literal + "' is not a DateTimeOffset.");
            }
            return instant.compareTo(other);
        }
        if (value instanceof Boolean b) {
            return b.equals(literal) || b.toString().equalsIgnoreCase(literal.toString()) ? 0 : 1;
        }
        if (value instanceof Number n && literal instanceof Number m) {
            return Double.compare(n.doubleValue(), m.doubleValue());
        }
        if (literal instanceof Instant) {
            throw new InvalidFilterException("Invalid filter clause: a DateTimeOffset cannot be compared with a string.");
        }
        return value.toString().compareToIgnoreCase(literal.toString());
    }

    private static Object literal(String token) {
        if (token.startsWith("'")) {
            return token.substring(1, token.length() - 1).replace("''", "'");
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            return Boolean.valueOf(lower);
        }
        if (lower.equals("null")) {
            return null;
        }
        Instant instant = instant(token);
        if (instant != null) {
            return instant;
        }
        try {
            return Double.valueOf(token);
        } catch (NumberFormatException e) {
            throw new InvalidFilterException("Invalid filter clause: unexpected literal '" + token + "'.");
        }
    }

    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException alsoIgnored) {
                    return null;
                }
            }
        }
    }

    private boolean peek(String expected) {
        return position < tokens.size() && tokens.get(position).equals(expected);
    }

    private boolean peekKeyword(String keyword) {
        return position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword);
    }

    private String next() {
        if (position >= tokens.size()) {
            throw new InvalidFilterException("Invalid filter clause: the expression ends too early.");
        }
        return tokens.get(position++);
    }

    private void expect(String expected) {
        String token = next();
        if (!token.equals(expected)) {
            throw new InvalidFilterException("Invalid filter clause: expected '" + expected + "', found '" + token + "'.");
        }
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int j = i + 1;
                while (true) {
                    if (j >= text.length()) {
                        throw new InvalidFilterException("Invalid filter clause: unterminated string literal.");
                    }
                    if (text.charAt(j) == '\'') {
                        if (j + 1 < text.length() && text.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                tokens.add(text.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < text.length() && !Character.isWhitespace(text.charAt(j))
                        && "(),'".indexOf(text.charAt(j)) < 0) {
                    j++;
                }
                tokens.add(text.substring(i, j));
                i = j;
            }
        }
        if (tokens.isEmpty()) {
            throw new InvalidFilterException("Invalid filter clause: the expression is empty.");
        }
        return tokens;
    }
}
