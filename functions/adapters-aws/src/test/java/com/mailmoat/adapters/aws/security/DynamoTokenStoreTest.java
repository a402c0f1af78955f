package com.mailmoat.adapters.aws.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Tokens table adapter against DynamoDB Local, with the template's tables. */
class DynamoTokenStoreTest {
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private final Map<String, String> tables = LocalDynamoDb.tables();
    private final DynamoTokenStore store = new DynamoTokenStore(LocalDynamoDb.client(), tables.get("TokensTable"),
            tables.get("AccountsTable"));

    private String put(TokenKind kind, String accountId, Map<String, String> attributes) {
        String hash = SecretTokens.hash(SecretTokens.generate());
        store.put(new StoredToken(hash, kind, accountId, LATER, attributes));
        return hash;
    }

    @Test
    void tokensRoundTripAndAreSpentOnce() {
        String hash = put(TokenKind.SET_PASSWORD, "acct-1", Map.of());
        assertThat(store.find(hash)).hasValueSatisfying(t -> {
            assertThat(t.kind()).isEqualTo(TokenKind.SET_PASSWORD);
            assertThat(t.accountId()).isEqualTo("acct-1");
            assertThat(t.expiresAt()).isEqualTo(LATER);
        });
        assertThat(store.take(hash)).isPresent();
        assertThat(store.take(hash)).isEmpty();
    }

    @Test
    void revokeAllEndsEveryCredentialOfTheAccountOfTheGivenKindsExceptTheOneKept() {
        String keep = put(TokenKind.SESSION, "acct-1", Map.of());
        String session = put(TokenKind.SESSION, "acct-1", Map.of());
        String link = put(TokenKind.SET_PASSWORD, "acct-1", Map.of());
        String reset = put(TokenKind.RESET_PASSWORD, "acct-1", Map.of("passwordSetAt", "x"));
        String state = put(TokenKind.OAUTH_STATE, "acct-1", Map.of("session", keep));
        String othersSession = put(TokenKind.SESSION, "acct-2", Map.of());

        int revoked = store.revokeAll("acct-1", EnumSet.of(TokenKind.SESSION, TokenKind.SET_PASSWORD,
                TokenKind.RESET_PASSWORD), keep);

        assertThat(revoked).isEqualTo(3);
        assertThat(store.find(keep)).isPresent();
        assertThat(store.find(session)).isEmpty();
        assertThat(store.find(link)).isEmpty();
        assertThat(store.find(reset)).isEmpty();
        assertThat(store.find(state)).isPresent();
        assertThat(store.find(othersSession)).isPresent();
        // Already-spent tokens are not counted twice.
        assertThat(store.revokeAll("acct-1", Set.of(TokenKind.SESSION), keep)).isZero();
    }

    @Test
    void annotateOnceRecordsTheFirstAnswerOnly() throws Exception {
        String state = put(TokenKind.OAUTH_STATE, "acct-1", Map.of("step", "SIGN_IN"));
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String code = "code-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return store.annotateOnce(state, "result", Map.of("result", "code", "result.code", code));
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> result : results) {
                won += result.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.find(state).orElseThrow().attributes()).containsEntry("step", "SIGN_IN")
                .containsEntry("result", "code").containsKey("result.code");
        assertThat(store.annotateOnce(SecretTokens.hash("gone"), "result", Map.of("result", "code"))).isFalse();
        // Tokens stored without attributes can be annotated too.
        String bare = put(TokenKind.OAUTH_STATE, "acct-1", Map.of());
        assertThat(store.annotateOnce(bare, "result", Map.of("result", "error", "result.error", "access_denied"))).isTrue();
    }
}
