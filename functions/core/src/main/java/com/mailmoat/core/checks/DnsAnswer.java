package com.mailmoat.core.checks;

import java.util.List;
import java.util.Objects;

/**
 * The result of one DNS lookup.
 *
 * <p>Record values are text, one entry per record: TXT as its character-strings joined without
 * separator (decoded as UTF-8), MX as {@code "<preference> <host>"} ({@code "0 ."} for a null MX),
 * A and AAAA as address literals, PTR, CNAME and NS as host names. Host names never carry the
 * trailing dot.
 *
 * @param name    the name that was looked up
 * @param type    the record type that was asked for
 * @param status  whether records were found, absent, or could not be obtained
 * @param records the record values; empty unless {@code status} is FOUND
 * @param detail  for UNAVAILABLE, why (e.g. "timed out after 2 s"); otherwise empty
 */
public record DnsAnswer(String name, DnsRecordType type, DnsStatus status, List<String> records, String detail) {

    public DnsAnswer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        records = records == null ? List.of() : List.copyOf(records);
        detail = detail == null ? "" : detail;
        if (status == DnsStatus.FOUND && records.isEmpty()) {
            status = DnsStatus.NODATA;
        }
    }

    public static DnsAnswer found(String name, DnsRecordType type, List<String> records) {
        return new DnsAnswer(name, type, DnsStatus.FOUND, records, "");
    }

    public static DnsAnswer nxdomain(String name, DnsRecordType type) {
        return new DnsAnswer(name, type, DnsStatus.NXDOMAIN, List.of(), "");
    }

    public static DnsAnswer nodata(String name, DnsRecordType type) {
        return new DnsAnswer(name, type, DnsStatus.NODATA, List.of(), "");
    }

    public static DnsAnswer unavailable(String name, DnsRecordType type, String detail) {
        return new DnsAnswer(name, type, DnsStatus.UNAVAILABLE, List.of(), detail);
    }

    /** True when DNS answered that there is nothing: NXDOMAIN or NODATA (RFC 7208's "void lookup"). */
    public boolean isVoid() {
        return status == DnsStatus.NXDOMAIN || status == DnsStatus.NODATA;
    }

    public boolean isUnavailable() {
        return status == DnsStatus.UNAVAILABLE;
    }
}
