package com.mailmoat.detect.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.detect.rules.RuleBook;
import org.junit.jupiter.api.Test;

class LookalikesTest {

    private final DomainKnowledge domains = new DomainKnowledge(RuleBook.loadDefault());

    @Test
    void digitAndConfusableSubstitutionsLookAlike() {
        assertThat(Lookalikes.looksLike("paypa1", "paypal")).isTrue();
        assertThat(Lookalikes.looksLike("p\u0430ypal", "paypal")).isTrue();
        assertThat(Lookalikes.looksLike("rnicrosoft", "microsoft")).isTrue();
        assertThat(Lookalikes.looksLike("paypal", "paypal")).isFalse();
        assertThat(Lookalikes.looksLike("apply", "apple")).isFalse();
    }

    @Test
    void punycodeHostsAreDecodedAndMatchedToTheImitatedBrand() {
        assertThat(Lookalikes.toUnicode("xn--pypal-4ve.com")).isEqualTo("p\u0430ypal.com");
        assertThat(domains.imitatedBrand("xn--pypal-4ve.com").key()).isEqualTo("paypal");
        assertThat(domains.imitatedBrand("www.paypal.com")).isNull();
        assertThat(domains.imitatedBrand("microsoftt.com").key()).isEqualTo("microsoft");
    }

    @Test
    void brandsOwnTheirDomainsAndCountryVariants() {
        assertThat(domains.ownerOf("email.paypal.com").key()).isEqualTo("paypal");
        assertThat(domains.ownerOf("amazon.com.mx").key()).isEqualTo("amazon");
        assertThat(domains.ownerOf("paypal.com.evil.example")).isNull();
    }
}
