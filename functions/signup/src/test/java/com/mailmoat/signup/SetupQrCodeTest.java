package com.mailmoat.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.mailmoat.core.twostep.TwoStepSettings;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The setup QR code, drawn from its path data exactly as the console draws it, reads back as the otpauth URI. */
class SetupQrCodeTest {
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\3z");

    @Test
    void thePathDrawsAQrCodeThatReadsBackAsTheExactUri() throws Exception {
        String uri = TwoStepSettings.otpauthUri("ops+admin@contoso.example", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        SetupQrCode qr = SetupQrCode.of(uri);

        assertThat(qr.size()).isBetween(21, 177).matches(size -> (size - 17) % 4 == 0, "a QR code version's size");
        assertThat(decode(qr)).isEqualTo(uri);
    }

    @Test
    void aDifferentKeyGivesADifferentCode() {
        assertThat(SetupQrCode.of(TwoStepSettings.otpauthUri("a@contoso.example", "JBSWY3DPEHPK3PXP")).path())
                .isNotEqualTo(SetupQrCode.of(TwoStepSettings.otpauthUri("a@contoso.example", "KBSWY3DPEHPK3PXP")).path());
    }

    /**
     * Paints the path's runs (and nothing else: the path must consist of runs only) at 4 px a module
     * with the 4-module quiet zone the console adds, and reads it with ZXing's decoder, as a phone would.
     */
    static String decode(SetupQrCode qr) throws Exception {
        int scale = 4;
        int quiet = 4;
        int side = (qr.size() + 2 * quiet) * scale;
        int[] pixels = new int[side * side];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher run = RUN.matcher(qr.path());
        int consumed = 0;
        while (run.find()) {
            assertThat(run.start()).as("nothing but runs in the path").isEqualTo(consumed);
            consumed = run.end();
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            assertThat(x + length).isLessThanOrEqualTo(qr.size());
            assertThat(y).isLessThan(qr.size());
            for (int py = (y + quiet) * scale; py < (y + quiet + 1) * scale; py++) {
                for (int px = (x + quiet) * scale; px < (x + quiet + length) * scale; px++) {
                    pixels[py * side + px] = 0x000000;
                }
            }
        }
        assertThat(consumed).as("nothing but runs in the path").isEqualTo(qr.path().length());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE)).getText();
    }
}
