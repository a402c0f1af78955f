package com.mailmoat.adapters.dns;

import com.mailmoat.dnsserver.LoopbackDnsServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@code zonedata} map of the openspf RFC 7208 test suite into a {@link LoopbackDnsServer},
 * with the semantics of the suite's reference driver (pyspf's testspf.py):
 * <ul>
 *   <li>{@code SPF} records are also served as {@code TXT} unless the name lists a TXT entry;</li>
 *   <li>{@code TXT: NONE} makes the name exist without TXT records;</li>
 *   <li>a list of strings is one record made of several character-strings, joined without space;</li>
 *   <li>{@code TIMEOUT} makes every query time out except for types listed before it;</li>
 *   <li>{@code MX: [priority, host]}, with {@code ""} meaning the root (a null MX).</li>
 * </ul>
 */
final class Rfc7208Zone {
    private Rfc7208Zone() {
    }

    @SuppressWarnings("unchecked")
    static void load(Map<String, List<Object>> zonedata, LoopbackDnsServer server) {
        zonedata.forEach((name, entries) -> {
            Map<String, List<String>> records = new LinkedHashMap<>();
            Set<String> answeredDespiteTimeout = new LinkedHashSet<>();
            boolean timeout = false;
            boolean hasTxtEntry = false;
            List<String> generatedTxt = new ArrayList<>();
            for (Object entry : entries) {
                if ("TIMEOUT".equals(entry)) {
                    timeout = true;
                    continue;
                }
                Map.Entry<String, Object> typed = ((Map<String, Object>) entry).entrySet().iterator().next();
                String type = typed.getKey();
                Object value = typed.getValue();
                List<String> values = records.computeIfAbsent(type, t -> new ArrayList<>());
                if (type.equals("TXT")) {
                    hasTxtEntry = true;
                }
                if ("NONE".equals(value)) {
                    continue;
                }
                String text = recordText(type, value);
                values.add(text);
                if (type.equals("SPF")) {
                    generatedTxt.add(text);
                }
                if (!timeout) {
                    answeredDespiteTimeout.add(type);
                }
            }
            if (!hasTxtEntry && !generatedTxt.isEmpty()) {
                records.put("TXT", generatedTxt); // generated after TIMEOUT: not answered when it times out
            }
            server.putRecords(name, records);
            if (timeout) {
                server.setTimeoutExcept(name, answeredDespiteTimeout);
            }
        });
    }

    private static String recordText(String type, Object value) {
        if (type.equals("MX")) {
            List<Object> mx = (List<Object>) value;
            String host = String.valueOf(mx.get(1));
            return mx.get(0) + " " + (host.isEmpty() ? "." : host);
        }
        if (value instanceof List<?> strings) {
            StringBuilder joined = new StringBuilder();
            strings.forEach(joined::append);
            return joined.toString();
        }
        return String.valueOf(value);
    }
}
