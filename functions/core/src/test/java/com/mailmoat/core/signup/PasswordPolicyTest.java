package com.mailmoat.core.signup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordPolicyTest {
    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @CsvSource({
            "Harbour-Lantern-42, ''",
            "harbour lantern 42, ''",
            "Sh0rt!, length",
            "alllowercaseletters, character-classes",
            "Password123!, not-common",
            "Qwerty-123456, not-common",
            "Xx-jane.doe-77, not-email",
    })
    void rules(String password, String brokenRule) {
        var rules = policy.violations(password, "jane.doe@contoso.example").stream().map(PasswordViolation::rule).toList();
        if (brokenRule.isEmpty()) {
            assertThat(rules).isEmpty();
        } else {
            assertThat(rules).containsExactly(brokenRule);
        }
    }

    @Test
    void everyRuleHasADescriptionTheConsoleCanShow() {
        assertThat(policy.rules()).extracting(PasswordRule::id)
                .containsExactly("length", "character-classes", "not-email", "not-common");
        assertThat(policy.rules()).allSatisfy(r -> assertThat(r.description()).isNotBlank());
    }

    @Test
    void hashesAreSaltedSlowAndVerifiable() {
        PasswordHasher hasher = new PasswordHasher();
        String a = hasher.hash("Harbour-Lantern-42");
        String b = hasher.hash("Harbour-Lantern-42");
        assertThat(a).startsWith("pbkdf2-sha256$600000$").isNotEqualTo(b);
        assertThat(hasher.verify("Harbour-Lantern-42", a)).isTrue();
        assertThat(hasher.verify("Harbour-Lantern-43", a)).isFalse();
        assertThat(hasher.verify("Harbour-Lantern-42", "garbage")).isFalse();
    }
}
