package com.mailmoat.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.detect.rules.RuleBook;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleBookTest {

    @Test
    void shippedRulesFileDeclaresEveryListsSourceAndLicence() {
        RuleBook rules = RuleBook.loadDefault();
        assertThat(rules.rules()).hasSizeGreaterThan(50);
        assertThat(rules.list("brands").entries()).isNotEmpty();
        for (String list : new String[] {"brands", "freemail", "shorteners", "free_hosts", "lure_credentials"}) {
            assertThat(rules.list(list).source()).isNotBlank();
            assertThat(rules.list(list).licence()).isNotBlank();
        }
        assertThat(rules.suspiciousAt()).isLessThan(rules.maliciousAt());
    }

    @Test
    void malformedFileIsRejectedNamingTheLine() {
        String text = "threshold suspicious 5\nrule X\n  analyzer: url\n  weight: 1\n";
        assertThatThrownBy(() -> RuleBook.load(in(text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X").hasMessageContaining("message");
        assertThatThrownBy(() -> RuleBook.load(in("bogus line\n"))).hasMessageContaining("line 1");
    }

    @Test
    void aPhraseRuleAddedInTheFileFiresWithoutRecompiling(@TempDir Path dir) throws Exception {
        String original = new String(RuleBook.class.getResourceAsStream(RuleBook.DEFAULT_RESOURCE).readAllBytes(), StandardCharsets.UTF_8);
        String extra = """

                rule LANG_RAFT_TALK
                  analyzer: language
                  weight: 6
                  category: SPAM
                  message: Talks about log replication
                  phrases: raft_words

                list raft_words
                  source: test
                  licence: test
                  - log replication
                """;
        Path file = dir.resolve("rules.txt");
        Files.writeString(file, original + extra);
        DetectionEngine tuned = DetectionEngine.fromRulesFile(file);
        Verdict v = tuned.evaluate(Fixtures.mail("lang-bitcoin-benign.eml"), TenantContext.empty());
        assertThat(Fixtures.rules(v)).contains("LANG_RAFT_TALK");
        assertThat(v.level()).isEqualTo(Level.SUSPICIOUS);
        assertThat(Fixtures.ENGINE.evaluate(Fixtures.mail("lang-bitcoin-benign.eml"), TenantContext.empty()).level())
                .isEqualTo(Level.CLEAN);
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
