package com.mailmoat.detect.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseMatcherTest {

    private final PhraseMatcher matcher = new PhraseMatcher(List.of("verify your account", "account", "gift card", "Vérifiez votre compte"));

    private List<String> found(String text) {
        var hits = matcher.find(TextNormaliser.normalise(text, 10_000));
        return hits.stream().mapToObj(matcher::phrase).toList();
    }

    @Test
    void findsOverlappingPhrasesCaseAndPunctuationInsensitive() {
        assertThat(found("Please VERIFY your-account now!")).containsExactlyInAnyOrder("verify your account", "account");
    }

    @Test
    void matchesWholeWordsOnly() {
        assertThat(found("accounts and giftcards")).isEmpty();
    }

    @Test
    void invisibleCharactersDoNotSplitWordsAndAccentsMatch() {
        assertThat(found("gi\u200bft card")).containsExactly("gift card");
        assertThat(found("vérifiez votre compte")).containsExactly("vérifiez votre compte");
    }

    @Test
    void mixedScriptAndInvisibleSplitsAreCounted() {
        assertThat(LanguageAnalyzer.mixedScriptWord("Your P\u0430ypal account")).isEqualTo("P\u0430ypal");
        assertThat(LanguageAnalyzer.mixedScriptWord("Привет, hello")).isNull();
        assertThat(LanguageAnalyzer.invisibleSplits("pa\u200bss\u200cword")).isEqualTo(2);
    }
}
