package com.mailmoat.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding 3 of issue 19: a company name never carries layout, markup or a link into an email. */
class CompanyNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Contoso", "Acme Inc.", "Smith & Sons, Ltd.", "O'Brien (UK) Ltd", "Müller GmbH",
            "Société Générale", "株式会社ACME", "3M", "J.P. Morgan", "AT&T", "Yahoo!", "Alpha/Beta Labs",
            "URGENT: not a link"})
    void ordinaryNamesAreAccepted(String name) {
        assertThat(CompanyNames.problem(name)).as(name).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme.\r\n\r\nURGENT: Verify at https://evil.example/login", "Acme\nEvil", "Acme\rEvil",
            "Acme\u0000", "Acme\tCorp", "Acme\u2028Corp", "Acme\u202eCorp", "Acme\u200bCorp", "Acme\u00a0Corp",
            "https://evil.example", "Visit evil.example now", "www.evil.com", "hxxp://evil", "evil。example",
            "mail me@evil.example", "<b>Acme</b>", "Acme {x}", "10.0.0.1 Ltd", "javascript://x"})
    void layoutMarkupAndLinksAreRefused(String name) {
        assertThat(CompanyNames.problem(name)).as(name).isPresent();
    }

    @Test
    void blankAndOverlongNamesAreRefusedAndSpacesAreTidied() {
        assertThat(CompanyNames.problem("  ")).hasValue("Enter your company name.");
        assertThat(CompanyNames.problem(null)).isPresent();
        assertThat(CompanyNames.problem("a".repeat(CompanyNames.MAX_LENGTH))).isEmpty();
        assertThat(CompanyNames.problem("a".repeat(CompanyNames.MAX_LENGTH + 1))).isPresent();
        assertThat(CompanyNames.normalise("  Acme    Widgets  ")).isEqualTo("Acme Widgets");
    }
}
