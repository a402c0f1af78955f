package com.mailmoat.testkit;

import com.mailmoat.core.checks.DnsAnswer;
import com.mailmoat.core.checks.DnsRecordType;
import com.mailmoat.core.checks.DnsResolver;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A zone in memory: names without records are NXDOMAIN. (Integration tests use the loopback DNS server.) */
public final class InMemoryDns implements DnsResolver {
    private final Map<String, Map<DnsRecordType, List<String>>> zone = new ConcurrentHashMap<>();

    public InMemoryDns put(String name, DnsRecordType type, String... records) {
        zone.computeIfAbsent(normal(name), n -> new ConcurrentHashMap<>()).put(type, List.of(records));
        return this;
    }

    @Override
    public DnsAnswer lookup(String name, DnsRecordType type) {
        Map<DnsRecordType, List<String>> records = zone.get(normal(name));
        if (records == null) {
            return DnsAnswer.nxdomain(name, type);
        }
        List<String> values = records.get(type);
        return values == null ? DnsAnswer.nodata(name, type) : DnsAnswer.found(name, type, values);
    }

    private static String normal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
