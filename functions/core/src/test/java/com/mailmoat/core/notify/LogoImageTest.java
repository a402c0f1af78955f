package com.mailmoat.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogoImageTest {

    @Test
    void onlyRasterImagesAreRecognisedAndByTheirBytesAlone() {
        assertThat(LogoImage.typeOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0})).contains("image/png");
        assertThat(LogoImage.typeOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).contains("image/jpeg");
        assertThat(LogoImage.typeOf("GIF89a....".getBytes(StandardCharsets.US_ASCII))).contains("image/gif");
        assertThat(LogoImage.typeOf("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII))).contains("image/webp");
        assertThat(LogoImage.typeOf("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(LogoImage.typeOf("<html>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(LogoImage.typeOf(new byte[0])).isEmpty();
        assertThat(LogoImage.typeOf(null)).isEmpty();
    }

    @Test
    void theVersionChangesWithTheImage() {
        LogoImage a = new LogoImage(new byte[] {1, 2, 3}, "image/png", "https://a.example/l.png");
        assertThat(a.version()).hasSize(16).isEqualTo(new LogoImage(new byte[] {1, 2, 3}, "image/png", null).version());
        assertThat(a.version()).isNotEqualTo(new LogoImage(new byte[] {1, 2, 4}, "image/png", null).version());
    }
}
