package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.policy.TargetedTo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An account's upgrade from Threat Scan Only to Monitor or Protect (one per account: a new request
 * replaces a finished one). {@code version} guards concurrent updates.
 *
 * @param ruleOrderBefore the customer's transport rules before Mailmoat's were installed; null until recorded
 * @param installedRules  the names of Mailmoat's rules in Exchange, top first
 * @param rulesSyncedAt   when the rules were last made to match the blocked senders (what a sync read)
 * @param ruleOrderReviewedAt when the administrator said they checked the order of the rules the upgrade
 *                        moved down ({@code rulesPushedDown}); null until then
 * @param directoryImported the users and groups the upgrade imported, for its completion email; null until then
 * @param error           why the upgrade failed, for the administrator (null unless FAILED)
 */
public record Upgrade(String accountId, String upgradeId, Mode mode, TargetedTo targetedTo, UpgradeStatus status,
                      List<StepProgress> steps, List<Notice> warnings, List<Notice> blockers,
                      List<RulePosition> ruleOrderBefore, List<String> installedRules, List<RuleMove> rulesPushedDown,
                      DirectoryImport.Result directoryImported, String error, Instant requestedAt, Instant startedAt, Instant finishedAt, Instant rulesSyncedAt,
                      Instant ruleOrderReviewedAt, long version) {

    public Upgrade {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(upgradeId, "upgradeId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        targetedTo = targetedTo == null ? TargetedTo.EVERYONE : targetedTo;
        steps = steps == null ? initialSteps() : List.copyOf(steps);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        blockers = blockers == null ? List.of() : List.copyOf(blockers);
        ruleOrderBefore = ruleOrderBefore == null ? null : List.copyOf(ruleOrderBefore);
        installedRules = installedRules == null ? List.of() : List.copyOf(installedRules);
        rulesPushedDown = rulesPushedDown == null ? List.of() : List.copyOf(rulesPushedDown);
    }

    /** A new request, waiting for Microsoft consent. */
    public static Upgrade requested(String accountId, String upgradeId, Mode mode, TargetedTo targetedTo, Instant now) {
        return new Upgrade(accountId, upgradeId, mode, targetedTo, UpgradeStatus.PENDING_CONSENT, initialSteps(),
                List.of(), List.of(), null, List.of(), List.of(), null, null, now, null, null, null, null, 0);
    }

    public static List<StepProgress> initialSteps() {
        List<StepProgress> steps = new ArrayList<>();
        for (UpgradeStep step : UpgradeStep.values()) {
            steps.add(new StepProgress(step, StepStatus.PENDING, null));
        }
        return steps;
    }

    public StepProgress step(UpgradeStep step) {
        return steps.stream().filter(s -> s.step() == step).findFirst().orElseThrow();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Upgrade withStep(UpgradeStep step, StepStatus status, String error) {
        List<StepProgress> next = new ArrayList<>();
        for (StepProgress progress : steps) {
            next.add(progress.step() == step ? progress.with(status, error) : progress);
        }
        return toBuilder().steps(next).build();
    }

    public Upgrade withStatus(UpgradeStatus newStatus) {
        return toBuilder().status(newStatus).build();
    }

    public Upgrade withVersion(long newVersion) {
        return toBuilder().version(newVersion).build();
    }

    /** A mutable copy, for changes of several components at once. */
    public static final class Builder {
        private final Upgrade from;
        private UpgradeStatus status;
        private List<StepProgress> steps;
        private List<Notice> warnings;
        private List<Notice> blockers;
        private List<RulePosition> ruleOrderBefore;
        private List<String> installedRules;
        private List<RuleMove> rulesPushedDown;
        private DirectoryImport.Result directoryImported;
        private String error;
        private Instant startedAt;
        private Instant finishedAt;
        private Instant rulesSyncedAt;
        private Instant ruleOrderReviewedAt;
        private long version;

        private Builder(Upgrade u) {
            this.from = u;
            this.status = u.status;
            this.steps = u.steps;
            this.warnings = u.warnings;
            this.blockers = u.blockers;
            this.ruleOrderBefore = u.ruleOrderBefore;
            this.installedRules = u.installedRules;
            this.rulesPushedDown = u.rulesPushedDown;
            this.directoryImported = u.directoryImported;
            this.error = u.error;
            this.startedAt = u.startedAt;
            this.finishedAt = u.finishedAt;
            this.rulesSyncedAt = u.rulesSyncedAt;
            this.ruleOrderReviewedAt = u.ruleOrderReviewedAt;
            this.version = u.version;
        }

        public Builder status(UpgradeStatus value) { this.status = value; return this; }
        public Builder steps(List<StepProgress> value) { this.steps = value; return this; }
        public Builder warnings(List<Notice> value) { this.warnings = value; return this; }
        public Builder blockers(List<Notice> value) { this.blockers = value; return this; }
        public Builder ruleOrderBefore(List<RulePosition> value) { this.ruleOrderBefore = value; return this; }
        public Builder installedRules(List<String> value) { this.installedRules = value; return this; }
        public Builder rulesPushedDown(List<RuleMove> value) { this.rulesPushedDown = value; return this; }
        public Builder directoryImported(DirectoryImport.Result value) { this.directoryImported = value; return this; }
        public Builder error(String value) { this.error = value; return this; }
        public Builder startedAt(Instant value) { this.startedAt = value; return this; }
        public Builder finishedAt(Instant value) { this.finishedAt = value; return this; }
        public Builder rulesSyncedAt(Instant value) { this.rulesSyncedAt = value; return this; }
        public Builder ruleOrderReviewedAt(Instant value) { this.ruleOrderReviewedAt = value; return this; }
        public Builder version(long value) { this.version = value; return this; }

        public Upgrade build() {
            return new Upgrade(from.accountId, from.upgradeId, from.mode, from.targetedTo, status, steps, warnings,
                    blockers, ruleOrderBefore, installedRules, rulesPushedDown, directoryImported, error, from.requestedAt, startedAt,
                    finishedAt, rulesSyncedAt, ruleOrderReviewedAt, version);
        }
    }
}
