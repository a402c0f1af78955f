package com.mailmoat.core.policy;

import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The organisation's sender lists and each user's managed senders: set, import (all or nothing), export. */
public final class SenderListService {
    private final PolicyRepository policies;
    private final Clock clock;
    private final java.util.function.Consumer<String> blockingChanged;
    private final java.util.function.Function<String, List<String>> ownDomains;

    public SenderListService(PolicyRepository policies, Clock clock) {
        this(policies, clock, accountId -> {
        }, accountId -> List.of());
    }

    /**
     * @param blockingChanged told the account id after the blocked or permitted list changed (Mailmoat's
     *                        transport rules in Exchange follow them)
     * @param ownDomains      the account's own (tenant) domains, which cannot be blocked
     */
    public SenderListService(PolicyRepository policies, Clock clock, java.util.function.Consumer<String> blockingChanged,
                             java.util.function.Function<String, List<String>> ownDomains) {
        this.policies = policies;
        this.clock = clock;
        this.blockingChanged = blockingChanged;
        this.ownDomains = ownDomains;
    }

    private void changed(String accountId, SenderListKind kind) {
        if (kind == SenderListKind.BLOCKED || kind == SenderListKind.PERMITTED) {
            blockingChanged.accept(accountId);
        }
    }

    public List<SenderListEntry> list(String accountId, SenderListKind kind) {
        return policies.senderList(accountId, kind);
    }

    /**
     * Replaces the list with these values (each validated; every bad one reported, nothing applied).
     * An entry already on the list keeps who added it and when.
     */
    public List<SenderListEntry> replace(String accountId, SenderListKind kind, List<SenderListEntry> drafts, String by) {
        Map<String, SenderListEntry> before = new java.util.HashMap<>();
        policies.senderList(accountId, kind).forEach(e -> before.put(e.value(), e));
        Map<String, SenderListEntry> entries = new LinkedHashMap<>();
        Map<String, Integer> places = new java.util.HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            SenderListEntry draft = drafts.get(i);
            String field = "entries[" + i + "]";
            try {
                String value = SenderListCsv.normalise(kind, draft.value(), field);
                String noteProblem = SenderListCsv.noteProblem(draft.note());
                if (noteProblem != null) {
                    errors.add(new FieldError(field + ".note", noteProblem));
                    continue;
                }
                SenderListEntry known = before.get(value);
                entries.putIfAbsent(value, known == null ? new SenderListEntry(value, draft.note(), by, clock.instant())
                        : new SenderListEntry(value, draft.note(), known.addedBy(), known.addedAt()));
                places.putIfAbsent(value, i);
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        for (String own : ownDomainsIn(accountId, kind, entries.keySet())) {
            errors.add(new FieldError("entries[" + places.get(own) + "]", ownDomainMessage(own)));
        }
        if (entries.size() > SenderListCsv.MAX_ENTRIES) {
            errors.add(new FieldError("entries", "a list holds at most " + SenderListCsv.MAX_ENTRIES + " entries"));
        }
        for (String clash : onTheOtherList(accountId, kind, List.copyOf(entries.keySet()))) {
            errors.add(new FieldError("entries[" + places.get(clash) + "]", clashMessage(kind, clash)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<SenderListEntry> list = List.copyOf(entries.values());
        policies.replaceSenderList(accountId, kind, list);
        changed(accountId, kind);
        return list;
    }

    /** What adding one entry did: the list as it is now, and whether the value was on it already (then nothing changed). */
    public record Added(List<SenderListEntry> entries, SenderListEntry entry, boolean alreadyListed) {
    }

    /**
     * Adds one sender to the list (e.g. "Block sender" on a detection), under the rules of a whole
     * list: a valid address or domain, not the organisation's own domain on the blocked list, not on
     * the opposite list. Refusals name the field {@code value} (or {@code note}). A value already
     * listed is left as it was, with its note.
     */
    public Added add(String accountId, SenderListKind kind, String rawValue, String note, String by) {
        String value = SenderListCsv.normalise(kind, rawValue, "value");
        String cleanNote = note == null ? "" : note.strip();
        String noteProblem = SenderListCsv.noteProblem(cleanNote);
        if (noteProblem != null) {
            throw new InvalidInputException(List.of(new FieldError("note", noteProblem)));
        }
        List<SenderListEntry> current = policies.senderList(accountId, kind);
        for (SenderListEntry existing : current) {
            if (existing.value().equals(value)) {
                return new Added(current, existing, true);
            }
        }
        if (!ownDomainsIn(accountId, kind, List.of(value)).isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError("value", ownDomainMessage(value))));
        }
        if (!onTheOtherList(accountId, kind, List.of(value)).isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError("value", clashMessage(kind, value))));
        }
        if (current.size() >= SenderListCsv.MAX_ENTRIES) {
            throw new InvalidInputException(List.of(new FieldError("value", "the list already holds "
                    + SenderListCsv.MAX_ENTRIES + " entries, the most it can")));
        }
        SenderListEntry entry = new SenderListEntry(value, cleanNote, by, clock.instant());
        List<SenderListEntry> list = new ArrayList<>(current);
        list.add(entry);
        policies.replaceSenderList(accountId, kind, List.copyOf(list));
        changed(accountId, kind);
        return new Added(List.copyOf(list), entry, false);
    }

    /** Imports a CSV into the list: replaces it ({@code replace}) or adds to it; all or nothing. */
    public List<SenderListEntry> importCsv(String accountId, SenderListKind kind, String csv, boolean replace, String by) {
        List<SenderListEntry> imported = SenderListCsv.parse(kind, csv, by, clock.instant());
        if (replace && imported.isEmpty()) {
            // An empty or wrong file must not empty the list by accident: saving an empty list does that.
            throw new InvalidInputException(List.of(new FieldError("csv", "holds no entries: replacing the list with it "
                    + "would empty it (to empty the list, remove its entries instead)")));
        }
        Map<String, SenderListEntry> merged = new LinkedHashMap<>();
        if (!replace) {
            policies.senderList(accountId, kind).forEach(e -> merged.put(e.value(), e));
        }
        imported.forEach(e -> merged.putIfAbsent(e.value(), e));
        if (merged.size() > SenderListCsv.MAX_ENTRIES) {
            throw new InvalidInputException(List.of(new FieldError("csv", "the list would hold more than "
                    + SenderListCsv.MAX_ENTRIES + " entries")));
        }
        List<FieldError> clashes = new ArrayList<>(onTheOtherList(accountId, kind,
                imported.stream().map(SenderListEntry::value).toList())
                .stream().map(clash -> new FieldError("csv", clashMessage(kind, clash))).toList());
        ownDomainsIn(accountId, kind, imported.stream().map(SenderListEntry::value).toList())
                .forEach(own -> clashes.add(new FieldError("csv", ownDomainMessage(own))));
        if (!clashes.isEmpty()) {
            throw new InvalidInputException(clashes);
        }
        List<SenderListEntry> list = List.copyOf(merged.values());
        policies.replaceSenderList(accountId, kind, list);
        changed(accountId, kind);
        return list;
    }

    /**
     * Blocked domains that are the organisation's own (or under one): blocking one would quarantine
     * the organisation's internal mail. A single address of its own can be blocked (a compromised
     * account).
     */
    private List<String> ownDomainsIn(String accountId, SenderListKind kind, java.util.Collection<String> values) {
        if (kind != SenderListKind.BLOCKED || values.isEmpty()) {
            return List.of();
        }
        List<String> own = ownDomains.apply(accountId).stream().map(d -> d.toLowerCase(java.util.Locale.ROOT)).toList();
        return values.stream().filter(v -> !v.contains("@"))
                .filter(domain -> own.stream().anyMatch(o -> domain.equals(o) || domain.endsWith("." + o))).toList();
    }

    private static String ownDomainMessage(String value) {
        return "'" + value + "' is your organisation's own domain: blocking it would quarantine your internal mail. "
                + "Block single addresses instead";
    }

    /**
     * The values also on the opposite list (blocked against allowed): a sender cannot be both, and
     * which one wins would surprise someone. Other lists have no opposite.
     */
    private List<String> onTheOtherList(String accountId, SenderListKind kind, List<String> values) {
        SenderListKind other = opposite(kind);
        if (other == null || values.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> there = new java.util.HashSet<>();
        policies.senderList(accountId, other).forEach(e -> there.add(e.value()));
        return values.stream().filter(there::contains).toList();
    }

    private static SenderListKind opposite(SenderListKind kind) {
        return switch (kind) {
            case BLOCKED -> SenderListKind.PERMITTED;
            case PERMITTED -> SenderListKind.BLOCKED;
            default -> null;
        };
    }

    private static String clashMessage(SenderListKind kind, String value) {
        return "'" + value + "' is on your " + (opposite(kind) == SenderListKind.BLOCKED ? "Blocked" : "Allowed")
                + " senders list: take it off there first";
    }

    public String exportCsv(String accountId, SenderListKind kind) {
        return SenderListCsv.export(policies.senderList(accountId, kind));
    }

    public ManagedSenders managed(String accountId, String user) {
        return policies.managedSenders(accountId, user);
    }

    public ManagedSenders saveManaged(String accountId, String user, List<SenderListEntry> permitted,
                                      List<SenderListEntry> blocked, String by) {
        List<FieldError> errors = new ArrayList<>();
        List<SenderListEntry> okPermitted = validate(permitted, "permitted", by, errors);
        List<SenderListEntry> okBlocked = validate(blocked, "blocked", by, errors);
        java.util.Set<String> allowed = new java.util.HashSet<>();
        okPermitted.forEach(e -> allowed.add(e.value()));
        for (int i = 0; i < okBlocked.size(); i++) {
            if (allowed.contains(okBlocked.get(i).value())) {
                errors.add(new FieldError("blocked[" + i + "]", "'" + okBlocked.get(i).value()
                        + "' is also on this user's allowed senders: a sender is one or the other"));
            }
        }
        String owner;
        try {
            AddressMatcher matcher = AddressMatcher.parse(user, "user");
            owner = matcher.value();
            if (matcher.kind() != AddressMatcher.Kind.ADDRESS) {
                errors.add(new FieldError("user", "must be a user's email address"));
            } else {
                List<String> own = ownDomains.apply(accountId);
                String domain = owner.substring(owner.lastIndexOf('@') + 1);
                if (!own.isEmpty() && own.stream().noneMatch(d -> d.equalsIgnoreCase(domain))) {
                    errors.add(new FieldError("user", "must be an address of your organisation ("
                            + String.join(", ", own) + ")"));
                }
            }
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            owner = "";
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        ManagedSenders senders = new ManagedSenders(owner, okPermitted, okBlocked);
        policies.saveManagedSenders(accountId, senders);
        return senders;
    }

    private List<SenderListEntry> validate(List<SenderListEntry> drafts, String field, String by, List<FieldError> errors) {
        Map<String, SenderListEntry> entries = new LinkedHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            try {
                String value = AddressMatcher.parse(drafts.get(i).value(), field + "[" + i + "]").value();
                entries.putIfAbsent(value, new SenderListEntry(value, drafts.get(i).note(), by, clock.instant()));
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        return List.copyOf(entries.values());
    }
}
