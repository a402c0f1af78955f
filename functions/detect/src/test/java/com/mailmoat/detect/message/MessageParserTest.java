package com.mailmoat.detect.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's own MIME parser: headers, addresses, parameters, parts, and input that is not mail. */
class MessageParserTest {

    private final MessageParser parser = new MessageParser(Limits.defaults());

    private ParsedMessage parse(String mime) {
        return parser.parse(mime.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void foldedEncodedAndRawUtf8HeadersAreReadAsAClientShowsThem() {
        ParsedMessage m = parse("From \"mbox line\" Tue Mar  4 10:00:00 2025\r\n"
                + "From: =?UTF-8?B?SsO8cmdlbg==?= =?UTF-8?Q?_M=C3=BCller?= <JM@Example.COM>\r\n"
                + "Subject: Größe\r\n\tund Gewicht\r\nX-Long: a\r\n b\r\n\r\nbody");
        assertThat(m.from().displayName()).isEqualTo("Jürgen Müller");
        assertThat(m.from().address()).isEqualTo("jm@example.com");
        assertThat(m.subject()).isEqualTo("Größe und Gewicht");
        assertThat(m.header("x-long")).isEqualTo("a b");
        assertThat(m.headers()).extracting(Header::name).containsExactly("From", "Subject", "X-Long");
    }

    @Test
    void addressListsGroupsCommentsAndQuotedCommasAreSplitRight() {
        assertThat(AddressParser.parse("\"Kim, Pat\" <pat@contoso.com>, ann@contoso.com (Ann Lee), team: a@x.example, b@x.example;", 50))
                .extracting(Address::address, Address::displayName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pat@contoso.com", "Kim, Pat"),
                        org.assertj.core.groups.Tuple.tuple("ann@contoso.com", "Ann Lee"),
                        org.assertj.core.groups.Tuple.tuple("a@x.example", ""), org.assertj.core.groups.Tuple.tuple("b@x.example", ""));
        assertThat(AddressParser.parse("undisclosed-recipients:;", 50)).isEmpty();
        assertThat(AddressParser.parse("Temu,(<service@shop.example>)", 50)).hasSize(1);
    }

    @Test
    void rfc2231ParametersAndQuotedBoundariesAreDecoded() {
        MimeType t = MimeType.parseContentType("application/pdf; name*0*=utf-8''Rechnung%20M%C3%A4rz; name*1=.pdf");
        assertThat(t.value()).isEqualTo("application/pdf");
        assertThat(t.param("name")).isEqualTo("Rechnung März.pdf");
        assertThat(MimeType.parseContentType("multipart/mixed; boundary=\"=_a;b\"").param("boundary")).isEqualTo("=_a;b");
        assertThat(MimeType.parseContentType("text").valid()).isFalse();
    }

    @Test
    void partsNestedAttachedAndUnterminatedAreAllRead() {
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 1, 2, 3});
        ParsedMessage m = parse("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\npreamble\r\n"
                + "--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\nContent-Type: text/plain\r\n\r\n"
                + "plain words\r\n--inner\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "<p>html =3D words <a href=3D\"https://x.example/\">x</a></p>\r\n--inner--\r\n"
                + "--outer\r\nContent-Type: image/png; name=logo.png\r\nContent-Transfer-Encoding: base64\r\n\r\n" + png + "\r\n"
                + "--outer\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@d.example\r\nSubject: inner\r\n\r\nforwarded words\r\n"
                + "--outer\r\nContent-Type: text/plain\r\n\r\nlast part without closing boundary");
        assertThat(m.text()).contains("plain words", "html = words", "forwarded words", "last part without closing boundary");
        assertThat(m.links()).extracting(Link::url).contains("https://x.example/");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("logo.png");
            assertThat(a.truncated()).isTrue(); // a real PNG: decoded no further than its signature
        });
        assertThat(m.problems()).isEmpty();
    }

    @Test
    void inputThatIsNotAnEmailIsRecognisedAndSaysWhy() {
        assertThat(parser.parse(new byte[0]).notEmail()).isEqualTo("empty input");
        assertThat(parse("%PDF-1.7\n1 0 obj").notEmail()).startsWith("a PDF document");
        assertThat(parse("Dear diary,\ntoday was fine.").notEmail()).contains("no header fields");
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0};
        assertThat(parser.parse(zip).notEmail()).contains("ZIP");
        assertThat(parse("Received: from x\r\nFrom: a@b.example\r\n\r\nhi").notEmail()).isNull();
        assertThat(parse("\uFEFFFrom: a@b.example\r\n\r\nhi").notEmail()).isNull();
    }

    @Test
    void headerValuesAreOnlyDecodedWhenAsked() {
        byte[] raw = "From: a@b.example\r\nX-Big: 0123456789\r\n\r\nhi".getBytes(StandardCharsets.US_ASCII);
        HeaderBlock h = HeaderBlock.parse(raw, 0, raw.length, 10);
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.is(1, "x-big")).isTrue();
        assertThat(h.all("x-big")).isEqualTo(List.of("0123456789"));
        assertThat(new String(raw, h.bodyStart(), raw.length - h.bodyStart(), StandardCharsets.US_ASCII)).isEqualTo("hi");
    }
}
