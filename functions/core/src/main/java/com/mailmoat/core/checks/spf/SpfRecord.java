package com.mailmoat.core.checks.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed SPF record ({@code v=spf1 ...}, RFC 7208 sections 4.5 to 6). The whole record is
 * checked before anything is evaluated, since a syntax error anywhere is a permerror.
 */
public final class SpfRecord {
    private static final Pattern VERSION = Pattern.compile("(?i)^v=spf1( .*)?$", Pattern.DOTALL);
    private static final Pattern MODIFIER = Pattern.compile("^([A-Za-z][A-Za-z0-9._-]*)=(.*)$", Pattern.DOTALL);
    private static final Pattern DUAL_CIDR = Pattern.compile("^(.*?)(?:/([0-9]+))?(?://([0-9]+))?$", Pattern.DOTALL);
    private static final Pattern TOPLABEL = Pattern.compile(
            "^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$");

    /** The mechanisms of RFC 7208 section 5. */
    public enum Mechanism {
        ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS;

        /** True for the mechanisms that cost one of the ten DNS-querying terms. */
        boolean queriesDns() {
            return this == INCLUDE || this == A || this == MX || this == PTR || this == EXISTS;
        }
    }

    /** One directive: qualifier, mechanism and its arguments as written. */
    record Directive(char qualifier, Mechanism mechanism, MacroString domainSpec, IpAddress network,
                     int ip4Prefix, int ip6Prefix, String text) {
    }

    private final String text;
    private final List<String> terms;
    private final List<Directive> directives;
    private final MacroString redirect;
    private final MacroString explanation;

    private SpfRecord(String text, List<String> terms, List<Directive> directives, MacroString redirect,
                      MacroString explanation) {
        this.text = text;
        this.terms = terms;
        this.directives = directives;
        this.redirect = redirect;
        this.explanation = explanation;
    }

    /** True when {@code txt} is an SPF version 1 record: "v=spf1" alone or followed by a space. */
    public static boolean isSpfRecord(String txt) {
        return VERSION.matcher(txt).matches();
    }

    /** Parses {@code text}, or explains in words why it is not a valid SPF record. */
    public static SpfRecord parse(String text) throws SpfSyntaxException {
        if (!isSpfRecord(text)) {
            throw new SpfSyntaxException("the record does not start with v=spf1");
        }
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                throw new SpfSyntaxException(c > 0x7e
                        ? "the record contains a non-ASCII character"
                        : String.format(Locale.ROOT, "the record contains the control character U+%04X", (int) c));
            }
        }
        List<String> terms = new ArrayList<>();
        for (String term : text.substring(6).split(" ")) {
            if (!term.isEmpty()) {
                terms.add(term);
            }
        }
        List<Directive> directives = new ArrayList<>();
        MacroString redirect = null;
        MacroString explanation = null;
        for (String term : terms) {
            Matcher modifier = MODIFIER.matcher(term);
            if (modifier.matches()) {
                String name = modifier.group(1).toLowerCase(Locale.ROOT);
                String value = modifier.group(2);
                if (name.equals("redirect")) {
                    if (redirect != null) {
                        throw new SpfSyntaxException("redirect= appears more than once");
                    }
                    redirect = domainSpec(value, term);
                } else if (name.equals("exp")) {
                    if (explanation != null) {
                        throw new SpfSyntaxException("exp= appears more than once");
                    }
                    explanation = domainSpec(value, term);
                } else {
                    MacroString.parse(value, MacroString.Context.MODIFIER); // unknown modifiers are ignored, but must parse
                }
            } else {
                directives.add(directive(term));
            }
        }
        return new SpfRecord(text, List.copyOf(terms), List.copyOf(directives), redirect, explanation);
    }

    private static Directive directive(String term) throws SpfSyntaxException {
        char qualifier = '+';
        String rest = term;
        if ("+-~?".indexOf(term.charAt(0)) >= 0) {
            qualifier = term.charAt(0);
            rest = term.substring(1);
        }
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ':' && rest.charAt(end) != '/') {
            end++;
        }
        String name = rest.substring(0, end).toLowerCase(Locale.ROOT);
        String arguments = rest.substring(end);
        Mechanism mechanism;
        try {
            mechanism = Mechanism.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SpfSyntaxException("\"" + term + "\" is not a valid mechanism or modifier");
        }
        switch (mechanism) {
            case ALL:
                if (!arguments.isEmpty()) {
                    throw new SpfSyntaxException("\"" + term + "\": all takes no arguments");
                }
                return new Directive(qualifier, mechanism, null, null, 32, 128, term);
            case INCLUDE:
            case EXISTS:
                if (!arguments.startsWith(":")) {
                    throw new SpfSyntaxException("\"" + term + "\": " + name + " needs \":domain\"");
                }
                return new Directive(qualifier, mechanism, domainSpec(arguments.substring(1), term), null, 32, 128, term);
            case PTR:
                if (arguments.isEmpty()) {
                    return new Directive(qualifier, mechanism, null, null, 32, 128, term);
                }
                if (!arguments.startsWith(":")) {
                    throw new SpfSyntaxException("\"" + term + "\": ptr takes no prefix length");
                }
                return new Directive(qualifier, mechanism, domainSpec(arguments.substring(1), term), null, 32, 128, term);
            case A:
            case MX:
                return addressDirective(qualifier, mechanism, arguments, term);
            case IP4:
            case IP6:
                return networkDirective(qualifier, mechanism, arguments, term);
            default:
                throw new IllegalStateException(mechanism.name());
        }
    }

    private static Directive addressDirective(char qualifier, Mechanism mechanism, String arguments, String term)
            throws SpfSyntaxException {
        boolean hasDomain = arguments.startsWith(":");
        Matcher cidr = DUAL_CIDR.matcher(hasDomain ? arguments.substring(1) : arguments);
        if (!cidr.matches() || (!hasDomain && !cidr.group(1).isEmpty())) {
            throw new SpfSyntaxException("\"" + term + "\" has an invalid prefix length");
        }
        MacroString domain = hasDomain ? domainSpec(cidr.group(1), term) : null;
        int ip4Prefix = prefix(cidr.group(2), 32, term);
        int ip6Prefix = prefix(cidr.group(3), 128, term);
        return new Directive(qualifier, mechanism, domain, null, ip4Prefix, ip6Prefix, term);
    }

    private static Directive networkDirective(char qualifier, Mechanism mechanism, String arguments, String term)
            throws SpfSyntaxException {
        if (!arguments.startsWith(":")) {
            throw new SpfSyntaxException("\"" + term + "\" needs an address");
        }
        String value = arguments.substring(1);
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        String length = slash < 0 ? null : value.substring(slash + 1);
        boolean ip4 = mechanism == Mechanism.IP4;
        if (length != null && !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SpfSyntaxException("\"" + term + "\" has an invalid prefix length");
        }
        IpAddress network = IpAddress.parse(address)
                .filter(parsed -> parsed.isIpv4() == ip4)
                .orElseThrow(() -> new SpfSyntaxException("\"" + term + "\" is not a valid "
                        + (ip4 ? "IPv4" : "IPv6") + " address"));
        int prefix = prefix(length, ip4 ? 32 : 128, term);
        return new Directive(qualifier, mechanism, null, network, ip4 ? prefix : 32, ip4 ? 128 : prefix, term);
    }

    private static int prefix(String digits, int max, String term) throws SpfSyntaxException {
        if (digits == null) {
            return max;
        }
        boolean wellFormed = !digits.isEmpty() && digits.length() <= 3 && (digits.equals("0") || digits.charAt(0) != '0');
        if (!wellFormed || Integer.parseInt(digits) > max) {
            throw new SpfSyntaxException("\"" + term + "\" has an invalid prefix length /" + digits);
        }
        return Integer.parseInt(digits);
    }

    /** A domain-spec: a macro-string ending in a macro or in a valid top label (RFC 7208 7.1). */
    private static MacroString domainSpec(String value, String term) throws SpfSyntaxException {
        if (value.isEmpty()) {
            throw new SpfSyntaxException("\"" + term + "\" has an empty domain");
        }
        MacroString spec = MacroString.parse(value, MacroString.Context.DOMAIN_SPEC);
        if (spec.endsWithMacro()) {
            return spec;
        }
        String tail = spec.trailingLiteral();
        if (tail.endsWith(".")) {
            tail = tail.substring(0, tail.length() - 1);
        }
        int dot = tail.lastIndexOf('.');
        if (dot < 0 || !TOPLABEL.matcher(tail.substring(dot + 1)).matches()) {
            throw new SpfSyntaxException("\"" + term + "\": \"" + value + "\" is not a valid domain name");
        }
        return spec;
    }

    /** The record as published. */
    public String text() {
        return text;
    }

    /** The terms after {@code v=spf1}, as written. */
    public List<String> terms() {
        return terms;
    }

    /** The qualifier of the {@code all} mechanism ('+', '-', '~' or '?'), if the record has one. */
    public Optional<Character> allQualifier() {
        return directives.stream().filter(d -> d.mechanism() == Mechanism.ALL).map(Directive::qualifier).findFirst();
    }

    /** The domains named by {@code include:} as written (macros unexpanded). */
    public List<String> includes() {
        return directives.stream().filter(d -> d.mechanism() == Mechanism.INCLUDE)
                .map(d -> d.domainSpec().source()).toList();
    }

    /** The {@code redirect=} domain as written, if any. */
    public Optional<String> redirect() {
        return Optional.ofNullable(redirect).map(MacroString::source);
    }

    List<Directive> directives() {
        return directives;
    }

    MacroString redirectSpec() {
        return redirect;
    }

    MacroString explanationSpec() {
        return explanation;
    }

    @Override
    public String toString() {
        return text;
    }
}
