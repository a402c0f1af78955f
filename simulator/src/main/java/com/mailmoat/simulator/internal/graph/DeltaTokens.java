package com.mailmoat.simulator.internal.graph;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sync state behind message delta links: a {@code $skiptoken} names a page of a round in
 * progress, a {@code $deltatoken} the folder's state (each message's id and change key) when a round
 * ended. Tokens are opaque and server-side, as Exchange's are; the query options of the first request
 * travel with them. Expiring a tenant's tokens makes every one of them answer 410
 * {@code SyncStateNotFound}. The oldest states are forgotten beyond a fixed number, as Exchange's
 * token cache forgets them.
 */
public final class DeltaTokens {

    private static final int CAPACITY = 20_000;

    /** A message as a round saw it: its REST id then and its change key. */
    record Entry(String restId, String changeKey) {
    }

    /** The query a delta round answers (fixed by its first request). */
    record Query(String tenantId, String userId, String folderId, List<String> select, String filterOperator,
                 Instant filterValue, Set<String> changeTypes, int pageSize) {
    }

    /** One item of a round: a message to show (by immutable id) or a removal (with the id last shown). */
    record Item(String immutableId, boolean removed, String restIdAtSnapshot) {
    }

    /** A round in progress: what to page out, and the folder's state at its start. */
    record Round(Query query, List<Item> items, Map<String, Entry> snapshot, long generation) {
    }

    record Page(Round round, int offset) {
    }

    record State(Query query, Map<String, Entry> snapshot, long generation) {
    }

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Page> pages = lru();
    private final Map<String, State> states = lru();

    long nextGeneration() {
        return generation.incrementAndGet();
    }

    long highestGeneration() {
        return generation.get();
    }

    String putPage(Round round, int offset) {
        String token = token();
        pages.put(token, new Page(round, offset));
        return token;
    }

    String putState(State state) {
        String token = token();
        states.put(token, state);
        return token;
    }

    Page page(String token) {
        return pages.get(token);
    }

    State state(String token) {
        return states.get(token);
    }

    /** Forgets every sync state of a tenant: its delta and skip tokens answer 410 from now on. */
    public int expire(String tenantId) {
        int before = pages.size() + states.size();
        synchronized (pages) {
            pages.values().removeIf(page -> page.round().query().tenantId().equals(tenantId));
        }
        synchronized (states) {
            states.values().removeIf(state -> state.query().tenantId().equals(tenantId));
        }
        return before - pages.size() - states.size();
    }

    private String token() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return "GwcBoTmP" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static <V> Map<String, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        });
    }
}
