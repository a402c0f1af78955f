package com.mailmoat.core.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.InMemoryActivityLog;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which kind of change each activity kind is, and the CSV export's rows and limits. */
class ActivityCategoryTest {
    @Test
    void eachKindIsInTheCategoryAnAdministratorLooksForItIn() {
        assertThat(ActivityCategory.of(ActivityKind.MODE_CHANGED)).isEqualTo(ActivityCategory.PROTECTION);
        assertThat(ActivityCategory.of(ActivityKind.UPGRADE_FAILED)).isEqualTo(ActivityCategory.PROTECTION);
        assertThat(ActivityCategory.of(ActivityKind.MICROSOFT_365_CONNECTED)).isEqualTo(ActivityCategory.PROTECTION);
        assertThat(ActivityCategory.of(ActivityKind.OFFBOARDED)).isEqualTo(ActivityCategory.PROTECTION);
        assertThat(ActivityCategory.of(ActivityKind.POLICY_DELETED)).isEqualTo(ActivityCategory.POLICIES);
        assertThat(ActivityCategory.of(ActivityKind.SENDER_LIST_IMPORTED)).isEqualTo(ActivityCategory.POLICIES);
        assertThat(ActivityCategory.of(ActivityKind.REMOVAL_STARTED)).isEqualTo(ActivityCategory.REMEDIATION);
        assertThat(ActivityCategory.of(ActivityKind.NOT_A_THREAT)).isEqualTo(ActivityCategory.REMEDIATION);
        assertThat(ActivityCategory.of(ActivityKind.MISSED_THREAT_REPORTED)).isEqualTo(ActivityCategory.REMEDIATION);
        assertThat(ActivityCategory.of(ActivityKind.PASSWORD_CHANGED)).isEqualTo(ActivityCategory.SIGN_IN);
        assertThat(ActivityCategory.of(ActivityKind.RECOVERY_CODES_REPLACED)).isEqualTo(ActivityCategory.SIGN_IN);
        assertThat(ActivityCategory.of(ActivityKind.ALERT_RECIPIENT_ADDED)).isEqualTo(ActivityCategory.ACCOUNT);
        assertThat(ActivityCategory.of(ActivityKind.BRANDING_CHANGED)).isEqualTo(ActivityCategory.ACCOUNT);
    }

    @Test
    void everyKindHasACategoryAndEveryCategoryIsNamedByItsSlug() {
        assertThat(Arrays.stream(ActivityKind.values()).map(ActivityCategory::of)).doesNotContainNull();
        for (ActivityCategory category : ActivityCategory.values()) {
            assertThat(ActivityCategory.fromSlug(category.slug())).contains(category);
        }
        assertThat(ActivityCategory.fromSlug(" Sign-In ")).contains(ActivityCategory.SIGN_IN);
        assertThat(ActivityCategory.fromSlug("billing")).isEmpty();
    }

    @Test
    void theExportSaysWhenEntriesWereLeftOutAndHowToGetThem() {
        InMemoryActivityLog log = new InMemoryActivityLog();
        for (int i = 0; i < 5; i++) {
            log.append("acct-1", new ActivityEntry("e" + i, Instant.parse("2026-11-23T17:30:00Z").plusSeconds(i),
                    "admin@contoso.example", ActivityKind.POLICY_CHANGED, "Changed the policy P" + i));
        }
        ActivityCsv.Export three = ActivityCsv.export(log, "acct-1", ActivityFilter.ALL, 3, 1_000_000);
        assertThat(three.rows()).isEqualTo(3);
        assertThat(three.truncated()).isTrue();
        assertThat(three.csv().lines().toList()).hasSize(5).last().asString().startsWith("# Only the newest 3");
        assertThat(three.csv()).contains("Changed the policy P4").doesNotContain("Changed the policy P1");

        ActivityCsv.Export exactlyAll = ActivityCsv.export(log, "acct-1", ActivityFilter.ALL, 5, 1_000_000);
        assertThat(exactlyAll.truncated()).isFalse();
        assertThat(exactlyAll.csv()).doesNotContain("# Only");
        assertThat(ActivityCsv.export(log, "acct-1", new ActivityFilter(Optional.of(ActivityCategory.SIGN_IN),
                Optional.empty(), Optional.empty())).rows()).isZero();
    }
}
