package com.mailmoat.testkit;

import com.mailmoat.core.realtime.DeltaTokenExpiredException;
import com.mailmoat.core.realtime.MessageDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delta over {@link FakeMailboxes}' Inbox ({@code junkemail} is always empty): a round names the
 * messages in the folder it has not named before (received since the first round's bound); links
 * are forgotten by {@link #expireAll()} (then 410, as Graph's {@code SyncStateNotFound}).
 */
public final class FakeMessageDelta implements MessageDelta {
    private record State(String mailboxId, String folder, Instant since, Set<String> seen, List<Change> rest) {
    }

    private final FakeMailboxes mail;
    private final Map<String, State> links = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();

    public FakeMessageDelta(FakeMailboxes mail) {
        this.mail = mail;
    }

    /** Every link handed out so far answers 410. */
    public void expireAll() {
        links.clear();
    }

    @Override
    public Page start(String tenantId, String mailboxId, String folder, Instant since, int pageSize) {
        requests.incrementAndGet();
        return round(new State(mailboxId, folder, since, new HashSet<>(), null), pageSize);
    }

    @Override
    public Page follow(String tenantId, String mailboxId, String link, int pageSize) {
        requests.incrementAndGet();
        State state = links.get(link);
        if (state == null) {
            throw new DeltaTokenExpiredException("410 SyncStateNotFound", null);
        }
        return state.rest() != null ? page(state, state.rest(), pageSize) : round(state, pageSize);
    }

    private Page round(State state, int pageSize) {
        List<Change> added = new ArrayList<>();
        if (state.folder().equals("inbox")) {
            for (FakeMailboxes.Message m : List.copyOf(mail.messages(state.mailboxId()))) {
                if (mail.inboxOf(state.mailboxId()).equals(m.folderId) && !m.received.isBefore(state.since())
                        && state.seen().add(m.id)) {
                    added.add(new Change(m.id, m.received));
                }
            }
        }
        return page(state, added, pageSize);
    }

    private Page page(State state, List<Change> changes, int pageSize) {
        List<Change> now = changes.subList(0, Math.min(pageSize, changes.size()));
        List<Change> rest = changes.subList(now.size(), changes.size());
        String link = "https://graph.test/delta/" + counter.incrementAndGet();
        if (!rest.isEmpty()) {
            links.put(link, new State(state.mailboxId(), state.folder(), state.since(), state.seen(), List.copyOf(rest)));
            return new Page(now, link, null);
        }
        links.put(link, new State(state.mailboxId(), state.folder(), state.since(), state.seen(), null));
        return new Page(now, null, link);
    }
}
