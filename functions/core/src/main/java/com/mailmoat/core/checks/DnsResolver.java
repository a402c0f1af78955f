package com.mailmoat.core.checks;

/**
 * Looks up DNS records. The setup checks (SPF, DMARC, MX, domain ownership) ask DNS through this
 * port so the core stays free of any DNS library; {@code adapters-dns} implements it with dnsjava
 * against the system resolver or a configured server, and tests can point it at a local server.
 *
 * <p>Implementations never throw for DNS trouble: a timeout or server failure is an answer with
 * status {@link DnsStatus#UNAVAILABLE}, so callers can tell "the record is absent" from "we could
 * not find out".
 */
public interface DnsResolver {

    /**
     * Looks up the records of {@code type} at {@code name}.
     *
     * @param name a domain name, with or without the trailing dot; a name DNS cannot carry (an
     *             empty or over-long label) is answered NXDOMAIN, since no such name can exist
     */
    DnsAnswer lookup(String name, DnsRecordType type);
}
