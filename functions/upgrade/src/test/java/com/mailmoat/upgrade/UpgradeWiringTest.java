package com.mailmoat.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The composition root against DynamoDB Local and ElasticMQ, with the template's settings. */
class UpgradeWiringTest {

    @Test
    void snapStartPrimingRunsEveryStepAgainstTheRealClientsAndWritesNothing() {
        LocalAws.Stack stack = LocalAws.stack();
        UpgradeWiring wiring = new UpgradeWiring(stack.settings("InstallTransportRulesFunction",
                Map.of("M365_CLIENT_SECRET", "priming-secret")), name -> "unused", Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        assertThat(stack.writes()).as("items and messages written").isZero();
        assertThat(wiring.priming.stepNames()).contains("Microsoft clients", "upgrade lookup");
    }

    /** NotifyComplete calls no Microsoft API, so its role may not read the Microsoft secret, nor does it try. */
    @Test
    void theNotificationTaskStartsAndPrimesWithoutTheMicrosoftSecret() {
        LocalAws.Stack stack = LocalAws.stack();
        List<String> secretsRead = new ArrayList<>();
        UpgradeWiring wiring = new UpgradeWiring(stack.settings("NotifyCompleteFunction", Map.of()), name -> {
            secretsRead.add(name);
            throw new IllegalStateException("NotifyCompleteFunction may not read " + name);
        }, Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        assertThat(secretsRead).isEmpty();
    }

    /**
     * The upgrade's steps and its failure path sync the subscriptions with the template's settings and role: an
     * account that protects nothing (Threat Scan Only, before the switch or after a failure) keeps no catch-up
     * position, so a later upgrade cannot continue from one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CreateMailSubscriptionsFunction", "SwitchModeFunction", "UpgradeFailedFunction"})
    void aSyncOfAnAccountThatProtectsNothingForgetsItsCatchUpPositions(String function) {
        LocalAws.Stack stack = LocalAws.stack();
        String table = stack.tables().get("RealTimeTable");
        String account = "acct-" + UUID.randomUUID();
        String other = "acct-" + UUID.randomUUID();
        position(table, account, "mailbox-1", "inbox");
        position(table, account, "mailbox-1", "junkemail");
        position(table, other, "mailbox-2", "inbox");
        UpgradeWiring wiring = new UpgradeWiring(stack.primingSettings(function), LocalAws.Stack.noSecretStore(),
                Clock.systemUTC());

        wiring.subscriptions.sync(account);

        assertThat(positions(table, account)).isEmpty();
        assertThat(positions(table, other)).as("another account's").hasSize(1);
    }

    /** Offboarding (the upgrade API) removes the subscriptions and forgets the catch-up positions with them. */
    @Test
    void offboardingForgetsTheCatchUpPositions() {
        LocalAws.Stack stack = LocalAws.stack();
        String table = stack.tables().get("RealTimeTable");
        String account = "acct-" + UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            position(table, account, "mailbox-" + i, "inbox");
            position(table, account, "mailbox-" + i, "junkemail");
        }
        UpgradeWiring wiring = new UpgradeWiring(stack.primingSettings("UpgradeApiFunction"),
                LocalAws.Stack.noSecretStore(), Clock.systemUTC());

        wiring.subscriptions.removeAll(account);
        assertThat(positions(table, account)).isEmpty();
        wiring.subscriptions.removeAll(account);
        assertThat(positions(table, account)).isEmpty();
    }

    /** A catch-up position as the subscription-sync function stores it ({@code DELTA#<mailbox>#<folder>}). */
    private static void position(String table, String account, String mailbox, String folder) {
        LocalDynamoDb.client().putItem(r -> r.tableName(table).item(Map.of(
                "accountId", AttributeValue.fromS(account),
                "sk", AttributeValue.fromS("DELTA#" + mailbox + "#" + folder),
                "deltaLink", AttributeValue.fromS("https://graph.microsoft.com/v1.0/users/" + mailbox + "/delta?token=1"),
                "coveredSince", AttributeValue.fromS("2026-12-01T10:00:00Z"))));
    }

    private static List<Map<String, AttributeValue>> positions(String table, String account) {
        return LocalDynamoDb.client().query(r -> r.tableName(table)
                .keyConditionExpression("accountId = :a AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(account), ":p", AttributeValue.fromS("DELTA#"))))
                .items();
    }
}
