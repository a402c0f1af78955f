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
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

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

    /** Records each change of a list (by whom, which values) in the account's activity log. */
    public SenderListService withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = log;
        return this;
    }

    /** "the Blocked senders list", as the console names the lists. */
    static String listName(SenderListKind kind) {
        return switch (kind) {
            case PERMITTED -> "the Allowed senders list";
            case BLOCKED -> "the Blocked senders list";
            case SPOOFING_EXCEPTIONS -> "the anti-spoofing exceptions";
        };
    }

    /** Up to five values by name, then how many more: a summary stays one readable line. */
    static String named(List<String> values) {
        int shown = Math.min(5, values.size());
        String names = String.join(", ", values.subList(0, shown));
        return values.size() > shown ? names + " and " + (values.size() - shown) + " more" : names;
    }

    /** What a whole-list save added and took off, in the activity log. */
    private void recordReplaced(String accountId, SenderListKind kind, java.util.Set<String> before,
                                List<SenderListEntry> after, String by) {
        List<String> added = after.stream().map(SenderListEntry::value).filter(v -> !before.contains(v)).toList();
        java.util.Set<String> kept = new java.util.HashSet<>();
        after.forEach(e -> kept.add(e.value()));
        List<String> removed = before.stream().filter(v -> !kept.contains(v)).sorted().toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return; // only notes changed
        }
        com.mailmoat.core.activity.ActivityKind what;
        String summary;
        if (removed.isEmpty()) {
            what = com.mailmoat.core.activity.ActivityKind.SENDER_LIST_ENTRY_ADDED;
            summary = "Added " + named(added) + " to " + listName(kind);
        } else if (added.isEmpty()) {
            what = com.mailmoat.core.activity.ActivityKind.SENDER_LIST_ENTRIES_REMOVED;
            summary = "Removed " + named(removed) + " from " + listName(kind);
        } else {
            what = com.mailmoat.core.activity.ActivityKind.SENDER_LIST_REPLACED;
            summary = "Changed " + listName(kind) + ": added " + named(added) + "; removed " + named(removed);
        }
        activity.record(accountId, null, by, what, summary);
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
        ruleProblems(accountId, kind, entries.keySet())
                .forEach((value, problem) -> errors.add(new FieldError("entries[" + places.get(value) + "]", problem)));
        if (entries.size() > SenderListCsv.MAX_ENTRIES) {
            errors.add(new FieldError("entries", "a list holds at most " + SenderListCsv.MAX_ENTRIES + " entries"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<SenderListEntry> list = List.copyOf(entries.values());
        policies.replaceSenderList(accountId, kind, list);
        changed(accountId, kind);
        recordReplaced(accountId, kind, before.keySet(), list, by);
        return list;
    }

    /**
     * What adding one entry did: the list as it is now, and whether the value was on it already (then
     * nothing changed); {@code notice} says how a wildcard spelling was read (null when none was used).
     */
    public record Added(List<SenderListEntry> entries, SenderListEntry entry, boolean alreadyListed, String notice) {
    }

    /**
     * Adds one sender to the list (e.g. "Block sender" on a detection), under the rules of a whole
     * list: a valid address or domain, not the organisation's own domain, no common domain on the
     * allowed list, not on the opposite list. Refusals name the field {@code value} (or {@code note}). A value already
     * listed is left as it was, with its note.
     */
    public Added add(String accountId, SenderListKind kind, String rawValue, String note, String by) {
        String value = SenderListCsv.normalise(kind, rawValue, "value");
        String cleanNote = note == null ? "" : note.strip();
        String noteProblem = SenderListCsv.noteProblem(cleanNote);
        if (noteProblem != null) {
            throw new InvalidInputException(List.of(new FieldError("note", noteProblem)));
        }
        String notice = joined(AddressMatcher.wildcardNote(rawValue),
                entryNotices(accountId, kind, List.of(new SenderListEntry(value, "", "", null))).get(value));
        List<SenderListEntry> current = policies.senderList(accountId, kind);
        for (SenderListEntry existing : current) {
            if (existing.value().equals(value)) {
                return new Added(current, existing, true, notice);
            }
        }
        String problem = ruleProblems(accountId, kind, List.of(value)).get(value);
        if (problem != null) {
            throw new InvalidInputException(List.of(new FieldError("value", problem)));
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
        activity.record(accountId, null, by, com.mailmoat.core.activity.ActivityKind.SENDER_LIST_ENTRY_ADDED,
                "Added " + value + " to " + listName(kind));
        return new Added(List.copyOf(list), entry, false, notice);
    }

    /**
     * What each entry of the list does not do that one would expect, by value (entries without a notice left
     * out): a Blocked address of the organisation's own domains is not held back by Exchange, whose rules match
     * only mail from outside the organisation (Mailmoat's rules leave such addresses out, since mail from outside
     * claiming them is spoofed); Mailmoat still judges its mail malicious when it checks it after delivery.
     */
    public Map<String, String> entryNotices(String accountId, SenderListKind kind, List<SenderListEntry> entries) {
        Map<String, String> notices = new LinkedHashMap<>();
        if (kind != SenderListKind.BLOCKED || entries.isEmpty()) {
            return notices;
        }
        java.util.Set<String> own = new java.util.HashSet<>();
        ownDomains.apply(accountId).forEach(d -> own.add(d.toLowerCase(java.util.Locale.ROOT)));
        for (SenderListEntry entry : entries) {
            String value = entry.value();
            if (value.contains("@") && own.contains(value.substring(value.lastIndexOf('@') + 1))) {
                notices.put(value, OWN_ADDRESS_NOTICE);
            }
        }
        return notices;
    }

    /** What a Blocked address of the organisation's own domains does, and what it cannot do. */
    public static final String OWN_ADDRESS_NOTICE = "This is an address of your own organisation: Exchange cannot "
            + "hold back mail from inside your organisation before delivery, so Mailmoat's transport rules leave it "
            + "out. Mailmoat still treats its mail as malicious when it checks it after delivery: Protect moves it to "
            + "quarantine seconds after it arrives, Monitor and Threat Scans report it";

    private static String joined(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + ". " + second;
    }

    /** What an import did: the list as it is now, and how wildcard spellings were read ("line 3: ..."). */
    public record Imported(List<SenderListEntry> entries, List<String> notices) {
    }

    /**
     * Imports a CSV into the list: replaces it ({@code replace}) or adds to it; all or nothing. Every
     * problem is reported at once, each under the line it is on ("line 7"): bad values and notes,
     * and the lists' rules (own domain, common domain, on the other list).
     */
    public Imported importCsv(String accountId, SenderListKind kind, String csv, boolean replace, String by) {
        SenderListCsv.Parsed parsed = SenderListCsv.read(kind, csv, by, clock.instant());
        List<SenderListEntry> imported = parsed.entries();
        List<FieldError> errors = new ArrayList<>(parsed.errors());
        ruleProblems(accountId, kind, imported.stream().map(SenderListEntry::value).toList())
                .forEach((value, problem) -> errors.add(new FieldError(parsed.field(value), problem)));
        if (replace && imported.isEmpty() && errors.isEmpty()) {
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
            errors.add(new FieldError("csv", "the list would hold more than " + SenderListCsv.MAX_ENTRIES + " entries"));
        }
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparingInt(SenderListService::lineOf));
            throw new InvalidInputException(errors);
        }
        List<SenderListEntry> list = List.copyOf(merged.values());
        policies.replaceSenderList(accountId, kind, list);
        changed(accountId, kind);
        activity.record(accountId, null, by, com.mailmoat.core.activity.ActivityKind.SENDER_LIST_IMPORTED,
                "Imported " + com.mailmoat.core.activity.Activity.count(imported.size(), "entry", "entries")
                        + " into " + listName(kind) + (replace ? ", replacing what it held" : "")
                        + " (it now holds " + list.size() + ")");
        return new Imported(list, parsed.notices());
    }

    /** A CSV error's line number ("line 7"); errors about the whole file last. */
    private static int lineOf(FieldError error) {
        String field = error.field();
        return field.startsWith("line ") ? Integer.parseInt(field.substring(5)) : Integer.MAX_VALUE;
    }

    /** Why each of {@code values} cannot go on the list under its rules, by value (in their order). */
    private Map<String, String> ruleProblems(String accountId, SenderListKind kind, java.util.Collection<String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (values.isEmpty()) {
            return problems;
        }
        List<String> own = kind == SenderListKind.SPOOFING_EXCEPTIONS ? List.of()
                : ownDomains.apply(accountId).stream().map(d -> d.toLowerCase(java.util.Locale.ROOT)).toList();
        java.util.Set<String> clashes = new java.util.HashSet<>(onTheOtherList(accountId, kind, List.copyOf(values)));
        for (String value : values) {
            boolean domain = !value.contains("@");
            if (domain && own.stream().anyMatch(o -> value.equals(o) || value.endsWith("." + o))) {
                problems.put(value, ownDomainMessage(kind, value));
            } else if (domain && kind == SenderListKind.PERMITTED && CommonSenderDomains.isCommon(value)) {
                problems.put(value, "'" + value + "' is shared by too many senders to be allowed whole (Microsoft advises "
                        + "against allowing popular domains): allow single addresses at it instead");
            } else if (clashes.contains(value)) {
                problems.put(value, clashMessage(kind, value));
            }
        }
        return problems;
    }

    /**
     * The organisation's own domains (or one under them) are never listed whole. Blocked, it would
     * quarantine the organisation's internal mail; a single address of its own can be blocked (a
     * compromised account). Allowed, it would let anyone who spoofs the organisation past the checks
     * (Microsoft: "Don't use domains you own (also known as accepted domains) or popular domains" to
     * skip filtering, "Create sender allowlists"). A single own address can be allowed: the engine
     * applies it only to mail that passes authentication.
     */
    private static String ownDomainMessage(SenderListKind kind, String value) {
        return kind == SenderListKind.PERMITTED
                ? "'" + value + "' is your organisation's own domain: allowing it would let anyone who spoofs your "
                        + "domain past the checks. Allow single addresses instead"
                : "'" + value + "' is your organisation's own domain: blocking it would quarantine your internal mail. "
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
        // a user's own allowed senders follow the organisation list's rules (own and common domains)
        List<String> ownLower = ownDomains.apply(accountId).stream().map(d -> d.toLowerCase(java.util.Locale.ROOT)).toList();
        for (int i = 0; i < okPermitted.size(); i++) {
            String value = okPermitted.get(i).value();
            if (!value.contains("@") && ownLower.stream().anyMatch(o -> value.equals(o) || value.endsWith("." + o))) {
                errors.add(new FieldError("permitted[" + i + "]", ownDomainMessage(SenderListKind.PERMITTED, value)));
            } else if (!value.contains("@") && CommonSenderDomains.isCommon(value)) {
                errors.add(new FieldError("permitted[" + i + "]", "'" + value + "' is shared by too many senders to be "
                        + "allowed whole: allow single addresses at it instead"));
            }
        }
        for (int i = 0; i < okBlocked.size(); i++) {
            if (allowed.contains(okBlocked.get(i).value())) {
                errors.add(new FieldError("blocked[" + i + "]", "'" + okBlocked.get(i).value()
                        + "' is also on this user's allowed senders: a sender is one or the other"));
            }
        }
        String owner = owner(accountId, user, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        ManagedSenders senders = new ManagedSenders(owner, okPermitted, okBlocked);
        policies.saveManagedSenders(accountId, senders);
        activity.record(accountId, null, by, com.mailmoat.core.activity.ActivityKind.SENDER_LIST_REPLACED,
                "Changed " + owner + "'s own sender lists (" + okPermitted.size() + " allowed, " + okBlocked.size()
                        + " blocked)");
        return senders;
    }

    /** The user's address as stored ("" when it is not one), or why it cannot own lists, added to {@code errors}. */
    private String owner(String accountId, String user, List<FieldError> errors) {
        try {
            AddressMatcher matcher = AddressMatcher.parse(user, "user");
            String owner = matcher.value();
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
            return owner;
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            return "";
        }
    }

    /** What importing a user's CSV did: the lists as they are now, how many entries were new, wildcard readings. */
    public record ManagedImported(ManagedSenders senders, int added, int alreadyListed, List<String> notices) {
    }

    /**
     * Adds a CSV's lines ({@link ManagedSendersCsv}) to one user's own senders, all or nothing: every line
     * is checked by the rules of an entry added one at a time (an address or domain; a note of at most 200
     * characters; no own or common domain allowed whole; no sender both blocked and allowed, on the lists
     * or in the file), every problem reported under its line ("line 7"), and nothing is saved unless every
     * line passes. A sender already on the list it names is left as it was, so importing a file twice adds
     * nothing the second time. Recorded in the activity log as one entry when anything was added.
     */
    public ManagedImported importManaged(String accountId, String user, String csv, String by) {
        List<FieldError> errors = new ArrayList<>();
        String owner = owner(accountId, user, errors);
        ManagedSendersCsv.Rows read = ManagedSendersCsv.read(csv);
        errors.addAll(read.errors());
        ManagedSenders current = owner.isEmpty() ? ManagedSenders.none("") : policies.managedSenders(accountId, owner);
        Map<String, SenderListEntry> allowed = new LinkedHashMap<>();
        Map<String, SenderListEntry> blocked = new LinkedHashMap<>();
        current.permitted().forEach(e -> allowed.put(e.value(), e));
        current.blocked().forEach(e -> blocked.put(e.value(), e));
        java.util.Set<String> allowedBefore = new java.util.HashSet<>(allowed.keySet());
        java.util.Set<String> blockedBefore = new java.util.HashSet<>(blocked.keySet());
        List<String> ownLower = ownDomains.apply(accountId).stream().map(d -> d.toLowerCase(java.util.Locale.ROOT)).toList();
        List<String> notices = new ArrayList<>();
        Map<String, Integer> lineOf = new java.util.HashMap<>();
        int added = 0;
        int already = 0;
        for (ManagedSendersCsv.Row row : read.rows()) {
            String field = "line " + row.line();
            String value;
            try {
                value = AddressMatcher.parse(unquoted(row.raw()), field).value();
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
                continue;
            }
            String noteProblem = SenderListCsv.noteProblem(row.note());
            boolean allow = row.list() == SenderListKind.PERMITTED;
            Map<String, SenderListEntry> target = allow ? allowed : blocked;
            Map<String, SenderListEntry> other = allow ? blocked : allowed;
            if (noteProblem != null) {
                errors.add(new FieldError(field, noteProblem));
            } else if (allow && !value.contains("@") && ownLower.stream().anyMatch(o -> value.equals(o) || value.endsWith("." + o))) {
                errors.add(new FieldError(field, ownDomainMessage(SenderListKind.PERMITTED, value)));
            } else if (allow && !value.contains("@") && CommonSenderDomains.isCommon(value)) {
                errors.add(new FieldError(field, "'" + value + "' is shared by too many senders to be allowed whole: "
                        + "allow single addresses at it instead"));
            } else if (other.containsKey(value)) {
                Integer otherLine = lineOf.get((allow ? "blocked " : "allowed ") + value);
                errors.add(new FieldError(field, "'" + value + "' is also " + (allow ? "blocked" : "allowed")
                        + (otherLine == null ? " for this user" : " on line " + otherLine)
                        + ": a sender is one or the other"));
            } else if (target.containsKey(value)) {
                if ((allow ? allowedBefore : blockedBefore).contains(value)) {
                    already++;
                }
            } else {
                String wildcard = AddressMatcher.wildcardNote(row.raw());
                if (wildcard != null) {
                    notices.add(field + ": " + wildcard);
                }
                target.put(value, new SenderListEntry(value, row.note().strip(), by, clock.instant()));
                lineOf.put((allow ? "allowed " : "blocked ") + value, row.line());
                added++;
            }
        }
        if (read.rows().isEmpty() && read.errors().isEmpty()) {
            errors.add(new FieldError("csv", "holds no entries: each line is blocked or allowed, then an address or "
                    + "domain, then an optional note"));
        }
        for (Map<String, SenderListEntry> list : List.of(allowed, blocked)) {
            if (list.size() > SenderListCsv.MAX_ENTRIES) {
                errors.add(new FieldError("csv", "a user's list would hold more than " + SenderListCsv.MAX_ENTRIES + " entries"));
                break;
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparingInt(SenderListService::lineOf));
            throw new InvalidInputException(errors);
        }
        ManagedSenders senders = new ManagedSenders(owner, List.copyOf(allowed.values()), List.copyOf(blocked.values()));
        if (added > 0) {
            policies.saveManagedSenders(accountId, senders);
            int newBlocked = senders.blocked().size() - current.blocked().size();
            int newAllowed = senders.permitted().size() - current.permitted().size();
            activity.record(accountId, null, by, com.mailmoat.core.activity.ActivityKind.SENDER_LIST_IMPORTED,
                    "Imported " + com.mailmoat.core.activity.Activity.count(added, "entry", "entries") + " into " + owner
                            + "'s own sender lists (" + newBlocked + " blocked, " + newAllowed + " allowed)"
                            + (already > 0 ? "; " + com.mailmoat.core.activity.Activity.count(already, "line was",
                            "lines were") + " already listed" : ""));
        }
        return new ManagedImported(senders, added, already, List.copyOf(notices));
    }

    /** One user's own senders as a CSV file ({@link ManagedSendersCsv}), Blocked first. */
    public String exportManagedCsv(String accountId, String user) {
        List<FieldError> errors = new ArrayList<>();
        String owner = owner(accountId, user, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return ManagedSendersCsv.export(policies.managedSenders(accountId, owner));
    }

    private static String unquoted(String raw) {
        String value = raw.strip();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1).strip() : value;
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
