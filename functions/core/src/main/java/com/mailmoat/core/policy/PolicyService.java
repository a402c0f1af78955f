package com.mailmoat.core.policy;

import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The account's policies: the Default Policy (always present, editable engines and actions, never
 * deleted or targeted) and user policies; and the effective-policy explanation.
 */
public final class PolicyService {
    public static final int MAX_PRIORITY = 1000;
    /** What every refusal of a policy's mode says (the API's reader uses it too). */
    public static final String MODE_MESSAGE = "must be PROTECT, MONITOR or DISABLED";
    private static final int MAX_NAME = 100;
    private static final int MAX_POLICIES = 200;
    private static final int MAX_TARGET_ENTRIES = 500;

    private final PolicyRepository policies;
    private final DirectoryRepository directory;
    private final AccountRepository accounts;
    private final Clock clock;
    private com.mailmoat.core.activity.Activity activity = com.mailmoat.core.activity.Activity.NONE;

    public PolicyService(PolicyRepository policies, DirectoryRepository directory, AccountRepository accounts, Clock clock) {
        this.policies = policies;
        this.directory = directory;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Records each policy created, changed or deleted in the account's activity log. */
    public PolicyService withActivity(com.mailmoat.core.activity.Activity log) {
        this.activity = log;
        return this;
    }

    /** Every policy in the order they are tried: by priority (highest first), the Default Policy last. */
    public List<Policy> list(String accountId) {
        List<Policy> stored = new ArrayList<>(policies.list(accountId));
        if (stored.stream().noneMatch(Policy::isDefault)) {
            stored.add(Policy.defaultPolicy(null));
        }
        stored.sort(Comparator.comparing(Policy::isDefault).thenComparing(Comparator.comparingInt(Policy::priority).reversed())
                .thenComparing(Policy::name));
        return stored;
    }

    public Optional<Policy> find(String accountId, String policyId) {
        return list(accountId).stream().filter(p -> p.id().equals(policyId)).findFirst();
    }

    /** A new user policy; its id is assigned here. */
    public Policy create(String accountId, Policy draft) {
        throwIfAny(problems(accountId, null, draft));
        if (policies.list(accountId).size() >= MAX_POLICIES) {
            throw new InvalidInputException(List.of(new FieldError("policies", "an account holds at most " + MAX_POLICIES + " policies")));
        }
        Policy policy = new Policy(UUID.randomUUID().toString(), draft.name().strip(), false, draft.priority(), draft.mode(),
                draft.engines(), draft.actions(), draft.target(), draft.enabled(), clock.instant(), 1);
        policies.create(accountId, policy);
        activity.byAdministrator(accountId, ActivityKind.POLICY_CREATED, "Created the policy \u201c" + policy.name()
                + "\u201d (priority " + policy.priority() + ", " + modeWords(policy) + ")");
        return policy;
    }

    /**
     * Changes a policy read at {@code changes.version()}. The Default Policy keeps its name, target
     * and mode; only its engines and actions change.
     *
     * @return empty when there is no such policy
     */
    public Optional<Policy> update(String accountId, String policyId, Policy changes) {
        Optional<Policy> current = find(accountId, policyId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Policy existing = current.get();
        Policy next;
        if (existing.isDefault()) {
            throwIfAny(problems(accountId, existing.id(), changes));
            next = new Policy(existing.id(), existing.name(), true, 0, null, changes.engines(), changes.actions(),
                    PolicyTarget.ANY, true, clock.instant(), changes.version());
        } else {
            throwIfAny(problems(accountId, existing.id(), changes));
            next = new Policy(existing.id(), changes.name().strip(), false, changes.priority(), changes.mode(),
                    changes.engines(), changes.actions(), changes.target(), changes.enabled(), clock.instant(), changes.version());
        }
        Policy saved = policies.update(accountId, next);
        activity.byAdministrator(accountId, ActivityKind.POLICY_CHANGED, existing.isDefault()
                ? "Changed the Default Policy's engines and actions"
                : "Changed the policy \u201c" + saved.name() + "\u201d"
                        + (saved.name().equals(existing.name()) ? "" : " (was \u201c" + existing.name() + "\u201d)")
                        + (saved.enabled() == existing.enabled() ? "" : saved.enabled() ? ", switched on" : ", switched off"));
        return Optional.of(saved);
    }

    private static String modeWords(Policy policy) {
        return policy.mode() == null ? "the account's mode"
                : policy.mode().label();
    }

    /** What {@link #delete} did. */
    public enum Deletion { DELETED, NOT_FOUND, DEFAULT_POLICY }

    public Deletion delete(String accountId, String policyId) {
        if (Policy.DEFAULT_ID.equals(policyId)) {
            return Deletion.DEFAULT_POLICY;
        }
        Optional<Policy> existing = find(accountId, policyId);
        if (!policies.delete(accountId, policyId)) {
            return Deletion.NOT_FOUND;
        }
        activity.byAdministrator(accountId, ActivityKind.POLICY_DELETED, "Deleted the policy \u201c"
                + existing.map(Policy::name).orElse(policyId) + "\u201d");
        return Deletion.DELETED;
    }

    /** The policy that applies to mail from {@code sender} to {@code recipient}, and why. */
    public EffectivePolicy effective(String accountId, String sender, String recipient) {
        List<FieldError> errors = new ArrayList<>();
        String from = address(sender, "sender", errors);
        String to = address(recipient, "recipient", errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Account account = accounts.findById(accountId).orElseThrow();
        return PolicyResolver.resolve(account.mode(), account.targetedTo(), list(accountId),
                new MessageParties(from, from, to, groupsOf(accountId, from), groupsOf(accountId, to)),
                permitted(accountId, from, to));
    }

    /** Whether the sender is on the permitted list or the recipient's own permitted senders. */
    public boolean permitted(String accountId, String sender, String recipient) {
        List<String> values = new ArrayList<>();
        policies.senderList(accountId, SenderListKind.PERMITTED).forEach(e -> values.add(e.value()));
        policies.managedSenders(accountId, recipient).permitted().forEach(e -> values.add(e.value()));
        return values.stream().anyMatch(v -> AddressMatcher.parse(v, "list").matches(sender, Set.of()));
    }

    private Set<String> groupsOf(String accountId, String address) {
        return directory.user(accountId, address).map(DirectoryRepository.UserEntry::groupIds).orElse(Set.of());
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /**
     * Every rule {@code policy} breaks as a change of {@code selfId} (null: a new user policy;
     * {@link Policy#DEFAULT_ID}: the Default Policy, whose engines and actions alone are checked).
     * A policy must run at least one engine (none would pass every message unjudged while Home says
     * Protect), and malicious mail is always at least recorded (NONE on MALICIOUS is refused: a
     * malicious message nobody hears of is what Mailmoat exists to prevent).
     */
    public List<FieldError> problems(String accountId, String selfId, Policy policy) {
        List<FieldError> errors = new ArrayList<>();
        if (policy.engines().isEmpty()) {
            errors.add(new FieldError("engines", "must name at least one engine (IMPERSONATION, URL, ATTACHMENT, "
                    + "SPAM_BULK): with none, mail is passed without being checked"));
        }
        if (policy.actions().get(ThreatLevel.MALICIOUS) == PolicyAction.NONE) {
            errors.add(new FieldError("actions.MALICIOUS", "must be QUARANTINE or RECORD: malicious mail is always at "
                    + "least recorded as a detection"));
        }
        if (Policy.DEFAULT_ID.equals(selfId)) {
            return errors;
        }
        // Two policies of one priority would be tried in an order nobody chose.
        policies.list(accountId).stream()
                .filter(p -> !p.isDefault() && !p.id().equals(selfId) && p.priority() == policy.priority())
                .findFirst()
                .ifPresent(p -> errors.add(new FieldError("priority", "is already that of '" + p.name()
                        + "': give each policy its own priority")));
        if (policy.name() == null || policy.name().isBlank() || policy.name().length() > MAX_NAME
                || policy.name().chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "is required, at most " + MAX_NAME + " characters, without control characters"));
        }
        if (policy.priority() < 1 || policy.priority() > MAX_PRIORITY) {
            errors.add(new FieldError("priority", "must be a number from 1 to " + MAX_PRIORITY));
        }
        if (policy.mode() == null || policy.mode() == Mode.THREAT_SCAN_ONLY) {
            errors.add(new FieldError("mode", MODE_MESSAGE));
        }
        PolicyTarget target = policy.target();
        int entries = target.senders().size() + target.recipients().size() + target.exceptSenders().size()
                + target.exceptRecipients().size();
        if (entries > MAX_TARGET_ENTRIES) {
            errors.add(new FieldError("target", "holds " + entries + " entries; at most " + MAX_TARGET_ENTRIES));
        }
        for (String field : List.of("senders", "recipients", "exceptSenders", "exceptRecipients")) {
            List<AddressMatcher> list = switch (field) {
                case "senders" -> target.senders();
                case "recipients" -> target.recipients();
                case "exceptSenders" -> target.exceptSenders();
                default -> target.exceptRecipients();
            };
            String unknown = list.stream().filter(m -> m.kind() == AddressMatcher.Kind.GROUP)
                    .map(AddressMatcher::value).filter(id -> directory.group(accountId, id).isEmpty())
                    .collect(Collectors.joining(", "));
            if (!unknown.isEmpty()) {
                errors.add(new FieldError("target." + field, "names groups that are not in the directory: " + unknown));
            }
        }
        return errors;
    }

    /**
     * What saving {@code next} over {@code before} (null: a new policy) gives up, for the
     * administrator to confirm: engines switched off (what they find passes) and malicious mail left
     * in the mailbox in Protect (only recorded). Nothing when the policy judges nothing (Disabled).
     */
    public static List<FieldError> needsConfirmation(Policy before, Policy next) {
        List<FieldError> notes = new ArrayList<>();
        if (!next.isDefault() && next.mode() == Mode.DISABLED) {
            return notes;
        }
        java.util.Set<Engine> had = before == null ? java.util.EnumSet.allOf(Engine.class) : before.engines();
        List<String> off = had.stream().filter(e -> !next.engines().contains(e)).map(Enum::name).sorted().toList();
        if (!off.isEmpty() && !next.engines().isEmpty()) {
            notes.add(new FieldError("engines", "switches off " + String.join(", ", off) + ": what "
                    + (off.size() == 1 ? "it finds" : "they find") + " (for ATTACHMENT, dangerous attachments) is no "
                    + "longer flagged for the mail this policy covers"));
        }
        boolean recordOnly = next.actions().get(ThreatLevel.MALICIOUS) == PolicyAction.RECORD;
        boolean wasRecordOnly = before != null && before.actions().get(ThreatLevel.MALICIOUS) == PolicyAction.RECORD;
        if (recordOnly && !wasRecordOnly) {
            notes.add(new FieldError("actions.MALICIOUS", "RECORD leaves malicious mail in the mailbox in Protect: "
                    + "it is recorded as a detection, not moved to quarantine"));
        }
        return notes;
    }

    private static String address(String value, String field, List<FieldError> errors) {
        try {
            AddressMatcher matcher = AddressMatcher.parse(value, field);
            if (matcher.kind() != AddressMatcher.Kind.ADDRESS) {
                errors.add(new FieldError(field, "must be an email address"));
            }
            return matcher.value().toLowerCase(Locale.ROOT);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            return "";
        }
    }
}
