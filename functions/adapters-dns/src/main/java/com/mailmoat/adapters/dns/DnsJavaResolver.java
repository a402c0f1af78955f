package com.mailmoat.adapters.dns;

import com.mailmoat.core.checks.DnsAnswer;
import com.mailmoat.core.checks.DnsRecordType;
import com.mailmoat.core.checks.DnsResolver;
import com.mailmoat.core.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The {@link DnsResolver} port implemented with dnsjava. Asks the system's resolvers by default,
 * or one server given as {@code host:port} (the local runtime points it at the simulator's DNS).
 * UDP first, TCP when the answer is truncated; a timeout or server failure becomes an
 * {@code UNAVAILABLE} answer, never an exception, and never "record absent".
 *
 * <p>Configuration ({@link #fromEnvironment()}): {@code DNS_RESOLVER} ({@code host:port}, default
 * the system resolvers), {@code DNS_TIMEOUT_MS} (per attempt, default 2000), {@code DNS_RETRIES}
 * (extra UDP attempts after a timeout, default 1).
 */
public final class DnsJavaResolver implements DnsResolver {
    private static final Logger LOG = LoggerFactory.getLogger(DnsJavaResolver.class);
    private static final int MAX_CNAME_HOPS = 8;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final Resolver resolver;
    private final int retries;
    private final String description;

    private DnsJavaResolver(Resolver resolver, int retries, String description) {
        this.resolver = resolver;
        this.retries = retries;
        this.description = description;
    }

    /** Built from {@code DNS_RESOLVER}, {@code DNS_TIMEOUT_MS} and {@code DNS_RETRIES}. */
    public static DnsJavaResolver from(Settings settings) {
        Duration timeout = Duration.ofMillis(settings.getLong("DNS_TIMEOUT_MS", DEFAULT_TIMEOUT.toMillis()));
        int retries = settings.getInt("DNS_RETRIES", 1);
        return settings.find("DNS_RESOLVER")
                .map(server -> forServer(server, timeout, retries))
                .orElseGet(() -> system(timeout, retries));
    }

    /** Asks the resolvers the operating system is configured with ({@code /etc/resolv.conf}). */
    public static DnsJavaResolver system(Duration timeout, int retries) {
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : ResolverConfig.getCurrentConfig().servers()) {
            resolvers.add(simple(server, timeout));
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setTimeout(timeout);
        return new DnsJavaResolver(extended, retries, "system resolvers " + ResolverConfig.getCurrentConfig().servers());
    }

    /**
     * Asks one server.
     *
     * @param hostPort {@code host:port} or {@code host} (port 53); IPv6 as {@code [::1]:5353}
     */
    public static DnsJavaResolver forServer(String hostPort, Duration timeout, int retries) {
        String host = hostPort.trim();
        int port = 53;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && (host.startsWith("[") ? host.charAt(colon - 1) == ']' : host.indexOf(':') == colon)) {
            port = Integer.parseInt(host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        host = host.replace("[", "").replace("]", "");
        return new DnsJavaResolver(simple(new InetSocketAddress(host, port), timeout), retries, host + ":" + port);
    }

    private static SimpleResolver simple(InetSocketAddress server, Duration timeout) {
        SimpleResolver simple = new SimpleResolver(server);
        simple.setTimeout(timeout);
        return simple;
    }

    @Override
    public DnsAnswer lookup(String name, DnsRecordType type) {
        Name queryName;
        try {
            queryName = toName(name);
        } catch (TextParseException | RuntimeException e) {
            return DnsAnswer.nxdomain(name, type); // no such name can exist in DNS
        }
        int queryType = Type.value(type.name());
        Set<Name> visited = new HashSet<>();
        Name current = queryName;
        for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
            if (!visited.add(current)) {
                return DnsAnswer.unavailable(name, type, "CNAME loop at " + text(current));
            }
            Message response;
            try {
                response = send(current, queryType);
            } catch (IOException e) {
                LOG.debug("DNS lookup of {} {} via {} failed", type, name, description, e);
                return DnsAnswer.unavailable(name, type, describe(e));
            }
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                return DnsAnswer.unavailable(name, type, "the DNS server answered " + Rcode.string(rcode));
            }
            // Follow the CNAME chain inside the answer; ask again only where the answer stops.
            List<Record> answer = response.getSection(Section.ANSWER);
            Set<Name> chain = new HashSet<>(Set.of(current));
            Name target = current;
            while (true) {
                List<String> values = new ArrayList<>();
                Name next = null;
                for (Record record : answer) {
                    if (!record.getName().equals(target)) {
                        continue;
                    }
                    if (record.getType() == queryType) {
                        values.add(value(record));
                    } else if (record instanceof CNAMERecord alias) {
                        next = alias.getTarget();
                    }
                }
                if (!values.isEmpty()) {
                    return DnsAnswer.found(name, type, values);
                }
                if (next == null) {
                    break;
                }
                if (!chain.add(next) || visited.contains(next)) {
                    return DnsAnswer.unavailable(name, type, "CNAME loop at " + text(next));
                }
                target = next;
            }
            if (target.equals(current) || rcode == Rcode.NXDOMAIN) {
                return rcode == Rcode.NXDOMAIN ? DnsAnswer.nxdomain(name, type) : DnsAnswer.nodata(name, type);
            }
            current = target; // the server stopped at an alias outside its data: ask for the target
        }
        return DnsAnswer.unavailable(name, type, "CNAME chain too long for " + name);
    }

    private Message send(Name queryName, int queryType) throws IOException {
        Message query = Message.newQuery(Record.newRecord(queryName, queryType, DClass.IN));
        IOException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            try {
                return resolver.send(query);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String describe(IOException e) {
        boolean timeout = e instanceof SocketTimeoutException || e.getCause() instanceof TimeoutException
                || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timed out");
        return timeout ? "the DNS server did not answer in time" : "the DNS server could not be reached (" + e.getMessage() + ")";
    }

    private static String value(Record record) {
        if (record instanceof TXTRecord txt) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (byte[] characterString : txt.getStringsAsByteArrays()) {
                bytes.writeBytes(characterString);
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
        if (record instanceof MXRecord mx) {
            return mx.getPriority() + " " + text(mx.getTarget());
        }
        if (record instanceof ARecord a) {
            return a.getAddress().getHostAddress();
        }
        if (record instanceof AAAARecord aaaa) {
            return aaaa.getAddress().getHostAddress();
        }
        if (record instanceof PTRRecord ptr) {
            return text(ptr.getTarget());
        }
        if (record instanceof CNAMERecord cname) {
            return text(cname.getTarget());
        }
        if (record instanceof NSRecord ns) {
            return text(ns.getTarget());
        }
        return record.rdataToString();
    }

    /** A name as plain text without the trailing dot ("." for the root), undoing dnsjava's escapes. */
    static String text(Name name) {
        if (name.equals(Name.root)) {
            return ".";
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < name.labels(); i++) {
            String label = name.getLabelString(i);
            if (!label.isEmpty()) {
                labels.add(unescape(label));
            }
        }
        return String.join(".", labels);
    }

    private static String unescape(String label) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '\\' && i + 3 < label.length() && Character.isDigit(label.charAt(i + 1))) {
                bytes.write(Integer.parseInt(label.substring(i + 1, i + 4)));
                i += 3;
            } else if (c == '\\' && i + 1 < label.length()) {
                bytes.write(label.charAt(++i));
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Accepts any character in labels (escaped for dnsjava); throws for names DNS cannot carry. */
    static Name toName(String text) throws TextParseException {
        String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (trimmed.isEmpty()) {
            throw new TextParseException("empty name");
        }
        StringBuilder escaped = new StringBuilder();
        for (byte b : trimmed.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            escaped.append(plain ? String.valueOf((char) c) : String.format(Locale.ROOT, "\\%03d", c));
        }
        return Name.fromString(escaped.toString(), Name.root);
    }

    @Override
    public String toString() {
        return "DnsJavaResolver[" + description + "]";
    }
}
