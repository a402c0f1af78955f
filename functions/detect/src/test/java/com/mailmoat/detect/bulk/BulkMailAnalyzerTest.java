package com.mailmoat.detect.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BulkMailAnalyzerTest {

    @Test
    void largeAmountsNextToACurrencyAreBait() {
        assertThat(BulkMailAnalyzer.baitAmount("You could win $7,500 this Sunday")).contains("7,500");
        assertThat(BulkMailAnalyzer.baitAmount("Ihr Guthaben von 6400,00 € wartet")).contains("6400,00");
        assertThat(BulkMailAnalyzer.baitAmount("Claim up to 5000 USDT")).contains("5000");
    }

    @Test
    void smallAmountsYearsAndBareNumbersAreNot() {
        assertThat(BulkMailAnalyzer.baitAmount("Your receipt for $12.99")).isNull();
        assertThat(BulkMailAnalyzer.baitAmount("Order 611901 received")).isNull();
        assertThat(BulkMailAnalyzer.baitAmount("Plans for 2025")).isNull();
        assertThat(BulkMailAnalyzer.baitAmount("€ 49,95 per month")).isNull();
    }

    @Test
    void amountValueTreatsATwoDigitTailAsCents() {
        assertThat(BulkMailAnalyzer.amountValue("1.200,50")).isEqualTo(1200);
        assertThat(BulkMailAnalyzer.amountValue("7.500")).isEqualTo(7500);
        assertThat(BulkMailAnalyzer.amountValue("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void pictographsAreFoundButLettersAndPunctuationAreNot() {
        assertThat(BulkMailAnalyzer.firstPictograph("Casino \uD83C\uDFB0 bonus")).isEqualTo("\uD83C\uDFB0");
        assertThat(BulkMailAnalyzer.firstPictograph("Müller & Söhne – Rechnung")).isNull();
    }
}
