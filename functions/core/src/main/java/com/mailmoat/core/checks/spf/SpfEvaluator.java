package com.mailmoat.core.checks.spf;

import com.mailmoat.core.checks.DnsAnswer;
import com.mailmoat.core.checks.DnsRecordType;
import com.mailmoat.core.checks.DnsResolver;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * RFC 7208 {@code check_host()}: would a receiver accept mail from this IP address for this
 * domain? Implements every mechanism and modifier, macros, the limits of section 4.6.4 (ten
 * DNS-querying terms, two void lookups, ten MX and ten PTR names), include/redirect loops, and
 * the exp= explanation. Checked against the openspf RFC 7208 test suite.
 *
 * <p>Stateless and thread-safe; every DNS question goes through the {@link DnsResolver} port.
 */
public final class SpfEvaluator {
    /** RFC 7208 4.6.4: at most ten mechanisms and modifiers that query DNS. */
    public static final int MAX_DNS_TERMS = 10;
    /** RFC 7208 4.6.4: at most two lookups that find nothing. */
    public static final int MAX_VOID_LOOKUPS = 2;
    private static final int MAX_MX_NAMES = 10;
    private static final int MAX_PTR_NAMES = 10;
    private static final int MAX_DOMAIN_LENGTH = 253;

    private final DnsResolver dns;
    private final Clock clock;
    private final String receiver;

    public SpfEvaluator(DnsResolver dns) {
        this(dns, Clock.systemUTC(), "unknown");
    }

    /**
     * @param receiver the receiving host's domain, for the {@code %{r}} macro in explanations
     */
    public SpfEvaluator(DnsResolver dns, Clock clock, String receiver) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * Evaluates SPF as a receiving MTA does: for the MAIL FROM identity, or for the HELO identity
     * when MAIL FROM is empty (a bounce).
     *
     * @param ip       the connecting client's address
     * @param mailFrom the SMTP MAIL FROM address, possibly empty
     * @param helo     the HELO/EHLO name
     */
    public SpfEvaluation checkMail(IpAddress ip, String mailFrom, String helo) {
        String sender = mailFrom == null || mailFrom.isEmpty() ? "postmaster@" + helo : mailFrom;
        int at = sender.lastIndexOf('@');
        String domain = at < 0 ? sender : sender.substring(at + 1);
        return checkHost(ip, domain, sender, helo);
    }

    /**
     * {@code check_host(ip, domain, sender)} of RFC 7208 section 4.
     *
     * @param sender the full sender address ({@code local@domain}); a missing local part counts
     *               as "postmaster"
     * @param helo   the HELO/EHLO name, for the {@code %{h}} macro
     */
    public SpfEvaluation checkHost(IpAddress ip, String domain, String sender, String helo) {
        Evaluation evaluation = new Evaluation(ip.unmapped(), sender, helo == null ? "" : helo);
        String normalized = stripDot(domain);
        if (!isValidQueryName(normalized) || !normalized.contains(".")) {
            return evaluation.finish(SpfResult.NONE, null, null);
        }
        try {
            Outcome outcome = evaluation.checkHost(normalized, true);
            String explanation = outcome.result() == SpfResult.FAIL && outcome.explanation() != null
                    ? evaluation.explain(outcome.explanation(), outcome.domain())
                    : null;
            return evaluation.finish(outcome.result(), explanation, null);
        } catch (PermanentError e) {
            return evaluation.finish(SpfResult.PERMERROR, null, e.getMessage());
        } catch (TemporaryError e) {
            return evaluation.finish(SpfResult.TEMPERROR, null, e.getMessage());
        }
    }

    /** A result, and for FAIL the exp= of the record that produced it with that record's domain. */
    private record Outcome(SpfResult result, MacroString explanation, String domain) {
    }

    private static final class PermanentError extends Exception {
        private static final long serialVersionUID = 1L;

        PermanentError(String message) {
            super(message, null, false, false);
        }
    }

    private static final class TemporaryError extends Exception {
        private static final long serialVersionUID = 1L;

        TemporaryError(String message) {
            super(message, null, false, false);
        }
    }

    /** The state of one check_host() run: counters shared by every include and redirect. */
    private final class Evaluation {
        private final IpAddress ip;
        private final String sender;
        private final String localPart;
        private final String senderDomain;
        private final String helo;
        private final Deque<String> domainsInProgress = new ArrayDeque<>();
        private String firstRecord;
        private int dnsTerms;
        private int voidLookups;

        Evaluation(IpAddress ip, String sender, String helo) {
            this.ip = ip;
            int at = sender.lastIndexOf('@');
            String local = at < 0 ? "" : sender.substring(0, at);
            this.localPart = local.isEmpty() ? "postmaster" : local;
            this.senderDomain = at < 0 ? sender : sender.substring(at + 1);
            this.sender = this.localPart + "@" + this.senderDomain;
            this.helo = helo;
        }

        SpfEvaluation finish(SpfResult result, String explanation, String problem) {
            return new SpfEvaluation(result, explanation, problem, dnsTerms, voidLookups, firstRecord);
        }

        Outcome checkHost(String domain, boolean topLevel) throws PermanentError, TemporaryError {
            if (!isValidQueryName(domain) || !domain.contains(".")) {
                return new Outcome(SpfResult.NONE, null, domain);
            }
            DnsAnswer answer = dns.lookup(domain, DnsRecordType.TXT);
            if (answer.isUnavailable()) {
                throw new TemporaryError("the DNS lookup of the SPF record of " + domain + " failed: "
                        + answer.detail());
            }
            List<String> spfRecords = answer.records().stream().filter(SpfRecord::isSpfRecord).toList();
            if (spfRecords.isEmpty()) {
                return new Outcome(SpfResult.NONE, null, domain);
            }
            if (topLevel) {
                firstRecord = spfRecords.get(0);
            }
            if (spfRecords.size() > 1) {
                throw new PermanentError(domain + " publishes " + spfRecords.size()
                        + " SPF records; exactly one is allowed");
            }
            SpfRecord record;
            try {
                record = SpfRecord.parse(spfRecords.get(0));
            } catch (SpfSyntaxException e) {
                throw new PermanentError("the SPF record of " + domain + " is invalid: " + e.getMessage());
            }
            if (domainsInProgress.stream().anyMatch(d -> d.equalsIgnoreCase(domain))) {
                List<String> path = new ArrayList<>(domainsInProgress);
                java.util.Collections.reverse(path);
                path.add(domain);
                throw new PermanentError("the SPF records loop: " + String.join(" → ", path));
            }
            domainsInProgress.push(domain);
            try {
                return evaluate(record, domain);
            } finally {
                domainsInProgress.pop();
            }
        }

        private Outcome evaluate(SpfRecord record, String domain) throws PermanentError, TemporaryError {
            for (SpfRecord.Directive directive : record.directives()) {
                if (directive.mechanism().queriesDns()) {
                    countDnsTerm(directive.text());
                }
                if (matches(directive, domain)) {
                    SpfResult result = SpfResult.ofQualifier(directive.qualifier());
                    return new Outcome(result, result == SpfResult.FAIL ? record.explanationSpec() : null, domain);
                }
            }
            if (record.redirectSpec() != null) {
                countDnsTerm("redirect=" + record.redirectSpec().source());
                String target = expandDomain(record.redirectSpec(), domain);
                Outcome outcome = checkHost(target, false);
                if (outcome.result() == SpfResult.NONE) {
                    throw new PermanentError("redirect=" + target + " points to a domain without an SPF record");
                }
                return outcome;
            }
            return new Outcome(SpfResult.NEUTRAL, null, domain);
        }

        private void countDnsTerm(String term) throws PermanentError {
            dnsTerms++;
            if (dnsTerms > MAX_DNS_TERMS) {
                throw new PermanentError("more than " + MAX_DNS_TERMS + " DNS lookups are needed (limit reached at "
                        + term + ")");
            }
        }

        private void countIfVoid(DnsAnswer answer) throws PermanentError {
            if (answer.isVoid()) {
                voidLookups++;
                if (voidLookups > MAX_VOID_LOOKUPS) {
                    throw new PermanentError("more than " + MAX_VOID_LOOKUPS + " DNS lookups found nothing (the last was "
                            + answer.name() + ")");
                }
            }
        }

        private boolean matches(SpfRecord.Directive directive, String domain) throws PermanentError, TemporaryError {
            switch (directive.mechanism()) {
                case ALL:
                    return true;
                case IP4:
                case IP6:
                    return ip.isIn(directive.network(), ip.isIpv4() ? directive.ip4Prefix() : directive.ip6Prefix());
                case INCLUDE:
                    return include(expandDomain(directive.domainSpec(), domain));
                case A:
                    return matchesAddressesOf(target(directive, domain), directive, true);
                case MX:
                    return matchesMx(target(directive, domain), directive);
                case PTR:
                    return matchesPtr(target(directive, domain));
                case EXISTS: {
                    String target = expandDomain(directive.domainSpec(), domain);
                    if (!isValidQueryName(target)) {
                        return false;
                    }
                    DnsAnswer answer = lookup(target, DnsRecordType.A);
                    countIfVoid(answer);
                    return !answer.records().isEmpty();
                }
                default:
                    throw new IllegalStateException(directive.mechanism().name());
            }
        }

        private String target(SpfRecord.Directive directive, String domain) {
            return directive.domainSpec() == null ? domain : expandDomain(directive.domainSpec(), domain);
        }

        private boolean include(String target) throws PermanentError, TemporaryError {
            Outcome outcome = checkHost(target, false);
            switch (outcome.result()) {
                case PASS:
                    return true;
                case FAIL:
                case SOFTFAIL:
                case NEUTRAL:
                    return false;
                case NONE:
                    throw new PermanentError("include:" + target + " points to a domain without an SPF record");
                default:
                    throw new IllegalStateException(outcome.result().name());
            }
        }

        private boolean matchesAddressesOf(String host, SpfRecord.Directive directive, boolean countVoid)
                throws PermanentError, TemporaryError {
            if (!isValidQueryName(host)) {
                return false;
            }
            DnsAnswer answer = lookup(host, ip.isIpv4() ? DnsRecordType.A : DnsRecordType.AAAA);
            if (countVoid) {
                countIfVoid(answer);
            }
            int prefix = ip.isIpv4() ? directive.ip4Prefix() : directive.ip6Prefix();
            for (String value : answer.records()) {
                IpAddress address = IpAddress.parse(value).orElse(null);
                if (address != null && ip.isIn(address, prefix)) {
                    return true;
                }
            }
            return false;
        }

        private boolean matchesMx(String domain, SpfRecord.Directive directive) throws PermanentError, TemporaryError {
            if (!isValidQueryName(domain)) {
                return false;
            }
            DnsAnswer answer = lookup(domain, DnsRecordType.MX);
            countIfVoid(answer);
            if (answer.records().size() > MAX_MX_NAMES) {
                throw new PermanentError(domain + " has " + answer.records().size() + " MX records; SPF allows at most "
                        + MAX_MX_NAMES);
            }
            for (String mx : answer.records()) {
                String host = mxHost(mx);
                if (!host.equals(".") && matchesAddressesOf(host, directive, false)) {
                    return true;
                }
            }
            return false;
        }

        private boolean matchesPtr(String target) throws PermanentError {
            for (String name : validatedNames(true)) {
                String lower = name.toLowerCase(Locale.ROOT);
                String wanted = target.toLowerCase(Locale.ROOT);
                if (lower.equals(wanted) || lower.endsWith("." + wanted)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The names of {@link #ip} that resolve back to it (RFC 7208 5.5). DNS errors skip a name
         * rather than failing the evaluation, since the sender does not control reverse DNS.
         */
        private List<String> validatedNames(boolean countVoid) throws PermanentError {
            DnsAnswer answer = dns.lookup(ip.reverseName(), DnsRecordType.PTR);
            if (countVoid) {
                countIfVoid(answer);
            }
            List<String> validated = new ArrayList<>();
            List<String> names = answer.records();
            for (String name : names.subList(0, Math.min(MAX_PTR_NAMES, names.size()))) {
                if (!isValidQueryName(name)) {
                    continue;
                }
                DnsAnswer addresses = dns.lookup(name, ip.isIpv4() ? DnsRecordType.A : DnsRecordType.AAAA);
                boolean confirmed = addresses.records().stream()
                        .map(IpAddress::parse)
                        .anyMatch(address -> address.isPresent() && address.get().equals(ip));
                if (confirmed) {
                    validated.add(name);
                }
            }
            return validated;
        }

        private DnsAnswer lookup(String name, DnsRecordType type) throws TemporaryError {
            DnsAnswer answer = dns.lookup(name, type);
            if (answer.isUnavailable()) {
                throw new TemporaryError("the DNS lookup of " + type + " " + name + " failed: " + answer.detail());
            }
            return answer;
        }

        /** Expands a domain-spec and trims it as RFC 7208 7.3 requires for DNS queries. */
        private String expandDomain(MacroString spec, String domain) {
            String expanded = stripDot(spec.expand(letter -> macroValue(letter, domain)));
            while (expanded.length() > MAX_DOMAIN_LENGTH && expanded.indexOf('.') >= 0) {
                expanded = expanded.substring(expanded.indexOf('.') + 1);
            }
            return expanded;
        }

        private String macroValue(char letter, String domain) {
            switch (letter) {
                case 's':
                    return sender;
                case 'l':
                    return localPart;
                case 'o':
                    return senderDomain;
                case 'd':
                    return domain;
                case 'i':
                    return ip.dotFormat();
                case 'p':
                    return validatedName(domain);
                case 'v':
                    return ip.isIpv4() ? "in-addr" : "ip6";
                case 'h':
                    return helo;
                case 'c':
                    return ip.toString();
                case 'r':
                    return receiver;
                case 't':
                    return Long.toString(clock.instant().getEpochSecond());
                default:
                    throw new IllegalStateException("macro letter " + letter);
            }
        }

        /** The {@code %{p}} value: a validated name, preferring the domain itself, then its subdomains. */
        private String validatedName(String domain) {
            List<String> names;
            try {
                names = validatedNames(false);
            } catch (PermanentError e) {
                throw new IllegalStateException(e); // cannot happen: void lookups are not counted here
            }
            String wanted = domain.toLowerCase(Locale.ROOT);
            for (String name : names) {
                if (name.equalsIgnoreCase(wanted)) {
                    return name;
                }
            }
            for (String name : names) {
                if (name.toLowerCase(Locale.ROOT).endsWith("." + wanted)) {
                    return name;
                }
            }
            return names.isEmpty() ? "unknown" : names.get(0);
        }

        /**
         * The explanation a failing domain gives (RFC 7208 6.2). Any problem (DNS, not exactly one
         * TXT record, bad syntax, non-ASCII text) means no explanation; it never changes the result
         * nor counts against the lookup limits.
         */
        String explain(MacroString explanationDomain, String domain) {
            String target = expandDomain(explanationDomain, domain);
            if (!isValidQueryName(target)) {
                return null;
            }
            DnsAnswer answer = dns.lookup(target, DnsRecordType.TXT);
            if (answer.records().size() != 1) {
                return null;
            }
            String text = answer.records().get(0);
            for (char c : text.toCharArray()) {
                if (c < 0x20 || c > 0x7e) {
                    return null;
                }
            }
            try {
                return MacroString.parse(text, MacroString.Context.EXPLANATION)
                        .expand(letter -> macroValue(letter, domain));
            } catch (SpfSyntaxException e) {
                return null;
            }
        }
    }

    private static String mxHost(String mxValue) {
        int space = mxValue.indexOf(' ');
        return space < 0 ? mxValue : mxValue.substring(space + 1).trim();
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** True for names a DNS query can carry: 1 to 63 characters per label, 253 in all. */
    static boolean isValidQueryName(String name) {
        if (name.isEmpty() || name.length() > MAX_DOMAIN_LENGTH) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }
}
