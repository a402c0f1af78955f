package com.mailmoat.dnsserver;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on 127.0.0.1 answering over UDP and TCP on the same port from
 * zones held in memory. Tests use it to run the real dnsjava resolver against real DNS traffic,
 * and the Microsoft 365 simulator uses it to serve its tenants' domains, so an administrator's
 * DNS changes can be replayed locally without touching any real DNS.
 *
 * <p>Answers are authoritative: a name that exists with other types gets NOERROR with an empty
 * answer (NODATA), a name that does not exist (and has no names below it) gets NXDOMAIN, and CNAME
 * chains inside the zone are followed. Names marked with {@link #setTimeout(String, boolean)} are
 * never answered, which is how a client's "DNS unavailable" handling is exercised.
 *
 * <p>Thread-safe: zones can change while queries are being served.
 */
public final class LoopbackDnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackDnsServer.class);
    /** Zero, so resolvers in front of this server never serve stale data after a zone change. */
    private static final long TTL_SECONDS = 0;
    private static final int MAX_CNAME_HOPS = 16;
    private static final int PLAIN_UDP_PAYLOAD = 512;
    private static final int MAX_UDP_PACKET = 65_535;
    /** Marks a name whose every query is dropped. */
    private static final Set<Integer> ALL_TYPES = Set.of();

    private final DatagramSocket udpSocket;
    private final ServerSocket tcpSocket;
    private final ExecutorService workers;
    private final Map<Name, Map<Integer, List<Record>>> zone = new ConcurrentHashMap<>();
    /** Name → types still answered despite the timeout (empty: no type is answered). */
    private final Map<Name, Set<Integer>> timeouts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private LoopbackDnsServer(DatagramSocket udpSocket, ServerSocket tcpSocket) {
        this.udpSocket = udpSocket;
        this.tcpSocket = tcpSocket;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "loopback-dns-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        workers.execute(this::serveUdp);
        workers.execute(this::acceptTcp);
    }

    /**
     * Starts a server on 127.0.0.1, UDP and TCP on the same port.
     *
     * @param port the port, or 0 for a free port (see {@link #port()})
     */
    public static LoopbackDnsServer start(int port) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        IOException lastFailure = null;
        // With port 0 the UDP port is free but the same TCP port may not be: try a few.
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket udp = new DatagramSocket(null);
            try {
                udp.bind(new InetSocketAddress(loopback, port));
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.setReuseAddress(true);
                    tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()), 50);
                    LOG.debug("Loopback DNS server listening on 127.0.0.1:{}", udp.getLocalPort());
                    return new LoopbackDnsServer(udp, tcp);
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
            } catch (IOException e) {
                udp.close();
                lastFailure = e;
                if (port != 0) {
                    break;
                }
            }
        }
        throw lastFailure;
    }

    /** The port this server answers on, over both UDP and TCP. */
    public int port() {
        return udpSocket.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}, the form resolvers are configured with. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /**
     * Replaces every record of {@code name} (written without a trailing dot; case does not matter).
     * Keys are record types: TXT, SPF, MX ({@code "10 mx.example.com"}), A, AAAA, CNAME, PTR, NS.
     * A TXT or SPF value longer than 255 bytes is split into several character-strings, as DNS
     * requires. An empty map (or empty lists) makes the name exist with no records of those types.
     *
     * @throws IllegalArgumentException when a name, type or value cannot be put in DNS
     */
    public void putRecords(String name, Map<String, List<String>> recordsByType) {
        Name owner = toName(name);
        Map<Integer, List<Record>> node = new LinkedHashMap<>();
        recordsByType.forEach((typeName, values) -> {
            int type = typeOf(typeName);
            List<Record> records = node.computeIfAbsent(type, t -> new ArrayList<>());
            for (String value : values) {
                records.add(toRecord(owner, type, value));
            }
        });
        zone.put(owner, Map.copyOf(node));
    }

    /** Removes {@code name} and its records: queries for it get NXDOMAIN again. */
    public void removeName(String name) {
        zone.remove(toName(name));
    }

    /** Removes every name and every timeout. */
    public void clear() {
        zone.clear();
        timeouts.clear();
    }

    /** When {@code timeout} is true, queries for {@code name} are silently dropped, never answered. */
    public void setTimeout(String name, boolean timeout) {
        if (timeout) {
            timeouts.put(toName(name), ALL_TYPES);
        } else {
            timeouts.remove(toName(name));
        }
    }

    /**
     * Drops queries for {@code name} except those for {@code answeredTypes}, which are answered as
     * usual. Models servers that answer some types and time out on others.
     */
    public void setTimeoutExcept(String name, Collection<String> answeredTypes) {
        Set<Integer> answered = new HashSet<>();
        for (String type : answeredTypes) {
            answered.add(typeOf(type));
        }
        timeouts.put(toName(name), Set.copyOf(answered));
    }

    @Override
    public void close() {
        closed = true;
        udpSocket.close();
        try {
            tcpSocket.close();
        } catch (IOException e) {
            LOG.debug("Closing the TCP socket failed", e);
        }
        workers.shutdownNow();
    }

    /**
     * Turns a text name into a DNS name, accepting any character in labels (the SPF test suite
     * uses names with spaces, '%' and ':'), so every byte that is not a letter, digit, '-' or '_'
     * is escaped before dnsjava parses it.
     *
     * @throws IllegalArgumentException for names DNS cannot carry (empty or over-long labels)
     */
    public static Name toName(String text) {
        String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (trimmed.isEmpty()) {
            return Name.root;
        }
        StringBuilder escaped = new StringBuilder();
        for (byte b : trimmed.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (plain) {
                escaped.append((char) c);
            } else {
                escaped.append('\\').append(String.format(Locale.ROOT, "%03d", c));
            }
        }
        try {
            return Name.fromString(escaped.toString(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("Not a valid DNS name: " + text, e);
        }
    }

    private static int typeOf(String typeName) {
        int type = Type.value(typeName.toUpperCase(Locale.ROOT));
        if (type < 0) {
            throw new IllegalArgumentException("Unknown record type: " + typeName);
        }
        return type;
    }

    private static Record toRecord(Name owner, int type, String value) {
        try {
            switch (type) {
                case Type.TXT:
                case Type.SPF:
                    return Record.newRecord(owner, type, DClass.IN, TTL_SECONDS, characterStrings(value));
                case Type.A:
                    return new ARecord(owner, DClass.IN, TTL_SECONDS, Address.getByAddress(value.trim(), Address.IPv4));
                case Type.AAAA:
                    return new AAAARecord(owner, DClass.IN, TTL_SECONDS, Address.getByAddress(value.trim(), Address.IPv6));
                case Type.MX: {
                    String[] parts = value.trim().split("\\s+", 2);
                    int priority = Integer.parseInt(parts[0]);
                    Name target = toName(parts.length > 1 ? parts[1] : "");
                    return new MXRecord(owner, DClass.IN, TTL_SECONDS, priority, target);
                }
                case Type.CNAME:
                    return new CNAMERecord(owner, DClass.IN, TTL_SECONDS, toName(value.trim()));
                case Type.PTR:
                    return new PTRRecord(owner, DClass.IN, TTL_SECONDS, toName(value.trim()));
                case Type.NS:
                    return new NSRecord(owner, DClass.IN, TTL_SECONDS, toName(value.trim()));
                default:
                    throw new IllegalArgumentException("Unsupported record type: " + Type.string(type));
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("Bad " + Type.string(type) + " value for " + owner + ": " + value, e);
        }
    }

    /** TXT RDATA: the text's UTF-8 bytes as length-prefixed character-strings of at most 255 bytes. */
    private static byte[] characterStrings(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        int offset = 0;
        do {
            int length = Math.min(255, bytes.length - offset);
            rdata.write(length);
            rdata.write(bytes, offset, length);
            offset += length;
        } while (offset < bytes.length);
        return rdata.toByteArray();
    }

    private void serveUdp() {
        byte[] buffer = new byte[MAX_UDP_PACKET];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udpSocket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query);
                if (response == null) {
                    continue;
                }
                OPTRecord opt = query.getOPT();
                int limit = opt == null ? PLAIN_UDP_PAYLOAD : Math.max(PLAIN_UDP_PAYLOAD, opt.getPayloadSize());
                byte[] wire = response.toWire(limit); // sets TC when the answer does not fit
                udpSocket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (SocketException e) {
                if (!closed) {
                    LOG.warn("UDP socket failed", e);
                }
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("Ignoring an unreadable UDP query", e);
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket connection = tcpSocket.accept();
                workers.execute(() -> serveTcp(connection));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("TCP accept failed", e);
                }
                return;
            }
        }
    }

    private void serveTcp(Socket connection) {
        try (connection;
             DataInputStream in = new DataInputStream(connection.getInputStream());
             DataOutputStream out = new DataOutputStream(connection.getOutputStream())) {
            while (!closed) {
                int length = in.readUnsignedShort();
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    return;
                }
                Message response = answer(new Message(bytes));
                if (response == null) {
                    continue; // a timed-out name: the client waits in vain, as with a dead server
                }
                byte[] wire = response.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (EOFException e) {
            // the client closed the connection
        } catch (IOException | RuntimeException e) {
            LOG.debug("TCP connection ended", e);
        }
    }

    /** The response to {@code query}, or null when the query must go unanswered. */
    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY || question == null) {
            response.getHeader().setRcode(question == null ? Rcode.FORMERR : Rcode.NOTIMP);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        response.getHeader().setFlag(Flags.AA);
        int qtype = question.getType();
        Name current = question.getName();
        Set<Name> visited = new HashSet<>();
        for (int hop = 0; hop < MAX_CNAME_HOPS && visited.add(current); hop++) {
            if (isTimedOut(current, qtype)) {
                return null;
            }
            Map<Integer, List<Record>> node = zone.get(current);
            if (node == null) {
                if (!hasNamesBelow(current)) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                break;
            }
            if (qtype == Type.ANY) {
                node.values().forEach(records -> records.forEach(r -> response.addRecord(r, Section.ANSWER)));
                break;
            }
            List<Record> records = node.getOrDefault(qtype, List.of());
            if (!records.isEmpty()) {
                records.forEach(r -> response.addRecord(r, Section.ANSWER));
                break;
            }
            List<Record> aliases = node.getOrDefault(Type.CNAME, List.of());
            if (aliases.isEmpty()) {
                break; // NODATA: the name exists without records of this type
            }
            CNAMERecord alias = (CNAMERecord) aliases.get(0);
            response.addRecord(alias, Section.ANSWER);
            current = alias.getTarget();
        }
        return response;
    }

    private boolean isTimedOut(Name name, int qtype) {
        Set<Integer> answered = timeouts.get(name);
        return answered != null && !answered.contains(qtype);
    }

    /** An empty non-terminal exists (RFC 8020): it must get NODATA, not NXDOMAIN. */
    private boolean hasNamesBelow(Name name) {
        for (Name existing : zone.keySet()) {
            if (existing.subdomain(name)) {
                return true;
            }
        }
        return false;
    }
}
