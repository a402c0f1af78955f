package com.mailmoat.adapters.aws.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.upgrade.Notice;
import com.mailmoat.core.upgrade.RuleMove;
import com.mailmoat.core.upgrade.RulePosition;
import com.mailmoat.core.upgrade.StepStatus;
import com.mailmoat.core.upgrade.Upgrade;
import com.mailmoat.core.upgrade.UpgradeStatus;
import com.mailmoat.core.upgrade.UpgradeStep;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** An account's upgrade in the Jobs table, against DynamoDB Local: everything it records is read back as written. */
class DynamoUpgradeRepositoryTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();

    private final DynamoUpgradeRepository upgrades = new DynamoUpgradeRepository(DYNAMO, LocalDynamoDb.tables().get("JobsTable"));

    @Test
    void aFinishedUpgradeIsReadBackWithEverythingItsEmailAndPagesShow() {
        String account = "acct-" + System.nanoTime();
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        Upgrade requested = Upgrade.requested(account, "upg-1", Mode.PROTECT,
                new TargetedTo(false, List.of("adele@contoso.example"), List.of("g-finance")), t0);
        Upgrade saved = upgrades.save(requested);
        assertThat(upgrades.find(account)).contains(saved);

        Upgrade finished = saved.withStep(UpgradeStep.VALIDATE_PREREQUISITES, StepStatus.COMPLETED, null).toBuilder()
                .status(UpgradeStatus.COMPLETED)
                .warnings(List.of(new Notice("SPF_SOFT", "SPF ends in ~all", "Consider -all")))
                .ruleOrderBefore(List.of(new RulePosition("Disclaimer", 0)))
                .installedRules(List.of("Mailmoat - blocked senders"))
                .rulesPushedDown(List.of(new RuleMove("Disclaimer", 0, 1, true), new RuleMove("Tag external mail", 1, 2)))
                .directoryImported(new DirectoryImport.Result(245, 12))
                .startedAt(t0.plusSeconds(5)).finishedAt(t0.plusSeconds(90)).rulesSyncedAt(t0.plusSeconds(30))
                .build();
        Upgrade stored = upgrades.save(finished);

        assertThat(upgrades.find(account)).contains(stored);
        assertThat(stored.directoryImported()).isEqualTo(new DirectoryImport.Result(245, 12));
        assertThat(upgrades.find(account + "-other")).isEmpty();
    }

    @Test
    void aWriteFromAStaleReadIsRefused() {
        String account = "acct-" + System.nanoTime();
        Upgrade saved = upgrades.save(Upgrade.requested(account, "upg-1", Mode.MONITOR, TargetedTo.EVERYONE,
                Instant.parse("2026-12-07T10:00:00Z")));
        upgrades.save(saved.withStatus(UpgradeStatus.RUNNING));

        assertThatThrownBy(() -> upgrades.save(saved.withStatus(UpgradeStatus.FAILED)))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThat(upgrades.find(account).orElseThrow().status()).isEqualTo(UpgradeStatus.RUNNING);
    }

    @Test
    void aWithdrawnRequestIsDeletedOnlyAsItWasRead() {
        String account = "acct-" + System.nanoTime();
        Upgrade waiting = upgrades.save(Upgrade.requested(account, "upg-1", Mode.MONITOR, TargetedTo.EVERYONE,
                Instant.parse("2026-12-07T10:00:00Z")));
        // Consent started it meanwhile: the cancel read before that deletes nothing.
        upgrades.save(waiting.withStatus(UpgradeStatus.RUNNING));
        assertThat(upgrades.deleteIfUnchanged(waiting)).isFalse();
        assertThat(upgrades.find(account).orElseThrow().status()).isEqualTo(UpgradeStatus.RUNNING);

        assertThat(upgrades.deleteIfUnchanged(upgrades.find(account).orElseThrow())).isTrue();
        assertThat(upgrades.find(account)).isEmpty();
        assertThat(upgrades.deleteIfUnchanged(waiting)).as("gone already").isFalse();
    }
}
