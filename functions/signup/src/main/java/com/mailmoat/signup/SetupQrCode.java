package com.mailmoat.signup;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * The QR code of a two-step setup's otpauth URI, for an authenticator app on a phone to scan from the
 * screen instead of someone typing the 32-character key. Encoded here (ZXing) and drawn by the console
 * as inline SVG: the key never goes to a third-party QR service, and no image is fetched.
 *
 * @param size modules per side, without the quiet zone (the console draws four blank modules around it)
 * @param path SVG path data of the dark modules, one unit per module: a rectangle per run of dark
 *             modules in a row ({@code M<x> <y>h<run>v1h-<run>z})
 */
public record SetupQrCode(int size, String path) {
    public static SetupQrCode of(String text) {
        BitMatrix modules;
        try {
            modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot encode a QR code of " + text.length() + " characters", e);
        }
        int size = modules.getWidth();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < size && modules.get(x, y)) {
                    x++;
                }
                int run = x - start;
                path.append('M').append(start).append(' ').append(y).append('h').append(run).append("v1h-").append(run).append('z');
            }
        }
        return new SetupQrCode(size, path.toString());
    }
}
