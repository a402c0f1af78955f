package com.mailmoat.detect.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransferDecodingTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void base64IgnoresLineBreaksAndStrayCharacters() {
        assertThat(s(TransferDecoding.base64(b("SGVsbG8s\r\nIHdv*cmxk\nIQ==")))).isEqualTo("Hello, world!");
    }

    @Test
    void base64DropsATruncatedTailInsteadOfFailing() {
        assertThat(s(TransferDecoding.base64(b("SGVsbG8gd")))).isEqualTo("Hello ");
        assertThat(TransferDecoding.base64(b("===="))).isEmpty();
    }

    @Test
    void quotedPrintableDecodesEscapesAndSoftBreaks() {
        assertThat(s(TransferDecoding.quotedPrintable(b("Gr=C3=BC=C3=9Fe, sch=\r\nne Welt=\n!")))).isEqualTo("Grüße, schne Welt!");
        assertThat(s(TransferDecoding.quotedPrintable(b("a=  \r\nb")))).isEqualTo("ab");
    }

    @Test
    void malformedQuotedPrintableEscapesStayLiteral() {
        assertThat(s(TransferDecoding.quotedPrintable(b("100% =ZZ sure =")))).isEqualTo("100% =ZZ sure =");
    }
}
