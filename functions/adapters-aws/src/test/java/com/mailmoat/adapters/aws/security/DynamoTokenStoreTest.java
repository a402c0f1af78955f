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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Hashed tokens against DynamoDB Local: round trip, TTL attribute, single use under concurrency,
 * revoking an account's credentials, recording an answer once.
 */
class DynamoTokenStoreTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private static String table;
    private static String accountsTable;

    private final DynamoTokenStore tokens = new DynamoTokenStore(DYNAMO, table, accountsTable);

    @BeforeAll
    static void tables() {
        Map<String, String> names = LocalDynamoDb.tables();
        table = names.get("TokensTable");
        accountsTable = names.get("AccountsTable");
    }

    private static StoredToken token(String hash, Map<String, String> attributes) {
        return new StoredToken(hash, TokenKind.OAUTH_STATE, "acct-1", Instant.parse("2026-11-23T18:00:00Z"), attributes);
    }

    @Test
    void aStoredTokenIsFoundWithItsKindOwnerExpiryAndAttributes() {
        StoredToken stored = token("hash-" + System.nanoTime(), Map.of("purpose", "CONNECT_TENANT", "nonce", "n-1"));
        tokens.put(stored);

        assertThat(tokens.find(stored.tokenHash())).contains(stored);
        assertThat(tokens.find("unknown-hash")).isEmpty();
    }

    @Test
    void aTokenWithoutAttributesRoundTripsToAnEmptyMap() {
        StoredToken stored = new StoredToken("hash-" + System.nanoTime(), TokenKind.SESSION, "acct-2",
                Instant.parse("2026-11-24T17:30:00Z"), Map.of());
        tokens.put(stored);

        assertThat(tokens.find(stored.tokenHash()).orElseThrow().attributes()).isEmpty();
    }

    @Test
    void expiryIsTheTablesTtlAttributeInEpochSecondsAndNeverLaterThanAsked() {
        Instant expires = Instant.parse("2026-11-23T18:00:00.750Z");
        StoredToken stored = new StoredToken("hash-" + System.nanoTime(), TokenKind.SESSION, "acct-1", expires, Map.of());
        tokens.put(stored);

        AttributeValue ttl = DYNAMO.getItem(r -> r.tableName(table).key(Map.of("tokenHash",
                AttributeValue.fromS(stored.tokenHash())))).item().get("expiresAt");
        assertThat(ttl.n()).isEqualTo(Long.toString(expires.getEpochSecond()));
        assertThat(tokens.find(stored.tokenHash()).orElseThrow().expiresAt()).isBeforeOrEqualTo(expires);
    }

    @Test
    void takeReturnsTheTokenOnceAndRemovesIt() {
        StoredToken stored = token("hash-" + System.nanoTime(), Map.of("k", "v"));
        tokens.put(stored);

        assertThat(tokens.take(stored.tokenHash())).contains(stored);
        assertThat(tokens.take(stored.tokenHash())).isEmpty();
        assertThat(tokens.find(stored.tokenHash())).isEmpty();
        assertThat(tokens.take("never-issued")).isEmpty();
    }

    @Test
    void ofSixteenConcurrentTakesOfOneTokenExactlyOneGetsIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 5; round++) {
                StoredToken stored = token("race-" + round + "-" + System.nanoTime(), Map.of());
                tokens.put(stored);
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Optional<StoredToken>>> takes = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    takes.add(() -> {
                        start.await();
                        return tokens.take(stored.tokenHash());
                    });
                }
                List<Future<Optional<StoredToken>>> results = new ArrayList<>();
                takes.forEach(take -> results.add(threads.submit(take)));
                start.countDown();
                int taken = 0;
                for (Future<Optional<StoredToken>> result : results) {
                    taken += result.get().isPresent() ? 1 : 0;
                }
                assertThat(taken).as("round %d", round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void deleteForgetsTheTokenAndIgnoresUnknownOnes() {
        StoredToken stored = token("hash-" + System.nanoTime(), Map.of());
        tokens.put(stored);

        tokens.delete(stored.tokenHash());
        tokens.delete("never-issued");

        assertThat(tokens.find(stored.tokenHash())).isEmpty();
    }

    private String put(TokenKind kind, String accountId, Map<String, String> attributes) {
        String hash = SecretTokens.hash(SecretTokens.generate());
        tokens.put(new StoredToken(hash, kind, accountId, LATER, attributes));
        return hash;
    }

    @Test
    void revokeAllEndsEveryCredentialOfTheAccountOfTheGivenKindsExceptTheOneKept() {
        String account = "acct-" + System.nanoTime();
        String keep = put(TokenKind.SESSION, account, Map.of());
        String session = put(TokenKind.SESSION, account, Map.of());
        String link = put(TokenKind.SET_PASSWORD, account, Map.of());
        String reset = put(TokenKind.RESET_PASSWORD, account, Map.of("passwordSetAt", "x"));
        String state = put(TokenKind.OAUTH_STATE, account, Map.of("session", keep));
        String othersSession = put(TokenKind.SESSION, account + "-other", Map.of());

        int revoked = tokens.revokeAll(account, EnumSet.of(TokenKind.SESSION, TokenKind.SET_PASSWORD,
                TokenKind.RESET_PASSWORD), keep);

        assertThat(revoked).isEqualTo(3);
        assertThat(tokens.find(keep)).isPresent();
        assertThat(tokens.find(session)).isEmpty();
        assertThat(tokens.find(link)).isEmpty();
        assertThat(tokens.find(reset)).isEmpty();
        assertThat(tokens.find(state)).isPresent();
        assertThat(tokens.find(othersSession)).isPresent();
        // Already-spent tokens are not counted twice.
        assertThat(tokens.revokeAll(account, Set.of(TokenKind.SESSION), keep)).isZero();
    }

    @Test
    void revokeOwnersLeavesTheTeamMembersSessionsAndInvitations() {
        String account = "acct-" + System.nanoTime();
        String ownersSession = put(TokenKind.SESSION, account, Map.of());
        String membersSession = put(TokenKind.SESSION, account, Map.of("memberId", "m-1"));
        String invitation = put(TokenKind.SET_PASSWORD, account, Map.of("memberId", "m-2"));

        assertThat(tokens.revokeOwners(account, EnumSet.of(TokenKind.SESSION, TokenKind.SET_PASSWORD), null)).isEqualTo(1);
        assertThat(tokens.find(ownersSession)).isEmpty();
        assertThat(tokens.find(membersSession)).isPresent();
        assertThat(tokens.find(invitation)).isPresent();
        // Closing the account still ends everyone's.
        assertThat(tokens.revokeAll(account, EnumSet.of(TokenKind.SESSION, TokenKind.SET_PASSWORD), null)).isEqualTo(2);
        assertThat(tokens.find(membersSession)).isEmpty();
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
                    return tokens.annotateOnce(state, "result", Map.of("result", "code", "result.code", code));
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
        assertThat(tokens.find(state).orElseThrow().attributes()).containsEntry("step", "SIGN_IN")
                .containsEntry("result", "code").containsKey("result.code");
        assertThat(tokens.annotateOnce(SecretTokens.hash("gone"), "result", Map.of("result", "code"))).isFalse();
        // Tokens stored without attributes can be annotated too.
        String bare = put(TokenKind.OAUTH_STATE, "acct-1", Map.of());
        assertThat(tokens.annotateOnce(bare, "result", Map.of("result", "error", "result.error", "access_denied"))).isTrue();
    }
}
