package com.mailmoat.core.checks.spf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressTest {

    @Test
    void parsesStrictlyWithoutDns() {
        assertThat(IpAddress.parse("192.0.2.1")).isPresent();
        assertThat(IpAddress.parse("192.0.2.01")).isEmpty();
        assertThat(IpAddress.parse("1.2.3")).isEmpty();
        assertThat(IpAddress.parse("mail.example.com")).isEmpty();
        assertThat(IpAddress.parse(":CAFE::BABE")).isEmpty();
        assertThat(IpAddress.parse("1:2:3:4:5:6:7:8:9")).isEmpty();
    }

    @Test
    void formatsIpv6CanonicallyAndInSpfDotFormat() {
        IpAddress address = IpAddress.of("CAFE:BABE:0:0:0:0:0:1");
        assertThat(address).hasToString("cafe:babe::1");
        assertThat(address.reverseName()).startsWith("1.0.0.0.").endsWith(".E.B.A.B.E.F.A.C.ip6.arpa");
        assertThat(IpAddress.of("2001:db8:0:1:0:0:0:1")).hasToString("2001:db8:0:1::1");
        assertThat(IpAddress.of("192.0.2.4").reverseName()).isEqualTo("4.2.0.192.in-addr.arpa");
    }

    @Test
    void treatsIpv4MappedAddressesAsIpv4AndMatchesRanges() {
        IpAddress mapped = IpAddress.of("::FFFF:192.0.2.10");
        assertThat(mapped.unmapped()).isEqualTo(IpAddress.of("192.0.2.10"));
        assertThat(IpNetwork.parse("192.0.2.0/26").contains(mapped)).isTrue();
        assertThat(IpNetwork.parse("192.0.2.64/26").contains(mapped)).isFalse();
        assertThat(IpNetwork.parse("2001:db8:1::/48").representative()).hasToString("2001:db8:1::1");
    }
}
