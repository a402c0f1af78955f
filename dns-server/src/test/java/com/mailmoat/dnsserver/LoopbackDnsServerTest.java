package com.mailmoat.dnsserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class LoopbackDnsServerTest {
    private LoopbackDnsServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackDnsServer.start(0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Message query(String name, int type, boolean tcp) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofMillis(400));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    @Test
    void answersTxtOverUdpAndTcpAuthoritatively() throws IOException {
        server.putRecords("contoso.example", Map.of("TXT", List.of("v=spf1 -all", "hello")));

        for (boolean tcp : new boolean[] {false, true}) {
            Message response = query("Contoso.Example", Type.TXT, tcp);
            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(response.getSection(Section.ANSWER))
                    .map(r -> String.join("", ((TXTRecord) r).getStrings()))
                    .containsExactly("v=spf1 -all", "hello");
        }
    }

    @Test
    void distinguishesMissingNamesFromNamesWithOtherTypes() throws IOException {
        server.putRecords("contoso.example", Map.of("A", List.of("192.0.2.1")));
        server.putRecords("a.b.fabrikam.example", Map.of("A", List.of("192.0.2.2")));

        Message nodata = query("contoso.example", Type.TXT, false);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();

        assertThat(query("nothere.contoso.example", Type.TXT, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        // b.fabrikam.example has no records but a name below it: it exists (RFC 8020).
        assertThat(query("b.fabrikam.example", Type.TXT, false).getRcode()).isEqualTo(Rcode.NOERROR);

        server.removeName("contoso.example");
        assertThat(query("contoso.example", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void splitsLongTextIntoCharacterStrings() throws IOException {
        String longText = "v=spf1 " + "ip4:192.0.2.1 ".repeat(30) + "-all";
        server.putRecords("long.example", Map.of("TXT", List.of(longText)));

        TXTRecord txt = (TXTRecord) query("long.example", Type.TXT, false).getSection(Section.ANSWER).get(0);
        List<byte[]> strings = txt.getStringsAsByteArrays();
        assertThat(strings).hasSizeGreaterThan(1).allSatisfy(s -> assertThat(s.length).isLessThanOrEqualTo(255));
        StringBuilder joined = new StringBuilder();
        strings.forEach(s -> joined.append(new String(s, StandardCharsets.UTF_8)));
        assertThat(joined.toString()).isEqualTo(longText);
    }

    @Test
    void truncatesOverUdpAndAnswersInFullOverTcp() throws IOException {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add("record number " + i + " padded to make the answer larger than one UDP packet");
        }
        server.putRecords("big.example", Map.of("TXT", many));

        SimpleResolver udpOnly = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
        udpOnly.setIgnoreTruncation(true);
        Message truncated = udpOnly.send(Message.newQuery(
                Record.newRecord(Name.fromString("big.example."), Type.TXT, DClass.IN)));
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();

        assertThat(query("big.example", Type.TXT, true).getSection(Section.ANSWER)).hasSize(40);
    }

    @Test
    void followsCnameChainsAndStopsAtLoops() throws IOException {
        server.putRecords("alias.example", Map.of("CNAME", List.of("target.example")));
        server.putRecords("target.example", Map.of("TXT", List.of("v=spf1 ?all")));
        server.putRecords("loop1.example", Map.of("CNAME", List.of("loop2.example")));
        server.putRecords("loop2.example", Map.of("CNAME", List.of("loop1.example")));

        List<Record> answer = query("alias.example", Type.TXT, false).getSection(Section.ANSWER);
        assertThat(answer).extracting(Record::getType).containsExactly(Type.CNAME, Type.TXT);

        assertThat(query("loop1.example", Type.A, true).getSection(Section.ANSWER)).hasSize(2);
    }

    @Test
    void servesMxWithPriorityAndNullMx() throws IOException {
        server.putRecords("contoso.example", Map.of("MX", List.of("10 contoso-example.mail.protection.outlook.com")));
        server.putRecords("nomail.example", Map.of("MX", List.of("0 .")));

        MXRecord mx = (MXRecord) query("contoso.example", Type.MX, false).getSection(Section.ANSWER).get(0);
        assertThat(mx.getPriority()).isEqualTo(10);
        assertThat(mx.getTarget().toString()).isEqualTo("contoso-example.mail.protection.outlook.com.");
        MXRecord nullMx = (MXRecord) query("nomail.example", Type.MX, false).getSection(Section.ANSWER).get(0);
        assertThat(nullMx.getTarget()).isEqualTo(Name.root);
    }

    @Test
    void neverAnswersTimedOutNamesUntilReleased() throws IOException {
        server.putRecords("slow.example", Map.of("TXT", List.of("v=spf1 -all")));
        server.setTimeout("slow.example", true);

        assertThatThrownBy(() -> query("slow.example", Type.TXT, false)).isInstanceOf(IOException.class);

        server.setTimeout("slow.example", false);
        assertThat(query("slow.example", Type.TXT, false).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void canTimeOutSomeTypesOnly() throws IOException {
        server.putRecords("half.example", Map.of("TXT", List.of("v=spf1 -all")));
        server.setTimeoutExcept("half.example", List.of("TXT"));

        assertThat(query("half.example", Type.TXT, false).getSection(Section.ANSWER)).hasSize(1);
        assertThatThrownBy(() -> query("half.example", Type.A, false)).isInstanceOf(IOException.class);
    }

    @Test
    void acceptsUnusualLabelsAndRejectsImpossibleNames() throws IOException {
        server.putRecords("foo:bar/baz space.example", Map.of("A", List.of("192.0.2.9")));
        Message response = query("foo:bar/baz\\032space.example", Type.A, false);
        assertThat(response.getSection(Section.ANSWER)).hasSize(1);

        assertThatThrownBy(() -> server.putRecords("a".repeat(64) + ".example", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.putRecords("x.example", Map.of("BOGUS", List.of("1"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
