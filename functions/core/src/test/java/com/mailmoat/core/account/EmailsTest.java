package com.mailmoat.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding 5 of issue 19: only one plain RFC 5321 mailbox is an address; nothing SES could read otherwise. */
class EmailsTest {

    @ParameterizedTest
    @ValueSource(strings = {"admin@contoso.example", "first.last+tag@mail.contoso.example", "o'brien@x.co",
            "a@b-c.example", "x_y-z@xn--bcher-kva.example", "UPPER@Contoso.Example", "  padded@contoso.example  ",
            "a!#$%&*/=?^`{|}~@x.example"})
    void plainMailboxesAreAccepted(String address) {
        assertThat(Emails.normalise(address)).hasValue(address.strip().toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil<v@x.example>", "evil <v@x.example>", "a,b@x.example", "v@x.example;x",
            "v@x.example,w@y.example", "a@b@x.example", "\"quoted\"@x.example", "(comment)a@x.example",
            "a@[127.0.0.1]", "a@127.0.0.1", "a@localhost", "a@x", "a@-x.example", "a@x-.example", "a@x..example",
            ".a@x.example", "a.@x.example", "a..b@x.example", "a@x.example.", "a@.x.example", "@x.example", "a@",
            "a\u0000b@x.example", "a@x.example\u0000", "a@x.example\r\nBcc: victim@y.example", "a\t@x.example",
            "\u00e9t\u00e9@x.example", "a@b\u00fccher.example", "a@x.123", "a b@x.example", "a\\b@x.example",
            "a:b@x.example", "a@x_y.example", "a@x.e", ""})
    void anythingElseIsRefused(String address) {
        assertThat(Emails.normalise(address)).as(address).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 250, 2040})
    void overlongAddressesAreRefused(int localLength) {
        assertThat(Emails.normalise("a".repeat(localLength) + "@x.example")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void localPartsUpTo64CharactersAreAccepted(int localLength) {
        assertThat(Emails.normalise("a".repeat(localLength) + "@x.example")).isPresent();
    }

    @org.junit.jupiter.api.Test
    void addressesOver254CharactersAreRefusedWhateverTheParts() {
        String domain = ("d".repeat(60) + ".").repeat(3) + "example"; // 190 characters
        assertThat(Emails.normalise("a".repeat(63) + "@" + domain)).isPresent(); // 254
        assertThat(Emails.normalise("a".repeat(64) + "@" + domain)).isEmpty(); // 255
        assertThat(Emails.normalise(null)).isEmpty();
    }
}
