package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An administrator adds a security team's mailbox as an extra recipient of the security emails, over
 * HTTP against the local runtime: the address gets nothing but its confirmation until it confirms;
 * then a removal result reaches owner and recipient exactly once however often the queue delivers
 * it; the one-click unsubscribe in the email's headers stops it and the owner is told; another
 * account cannot see or remove it.
 */
class AlertRecipientsJourneyTest {
    private static final String CONFIRM_SUBJECT = "Confirm Mailmoat security alerts";
    private static final String REMOVAL_SUBJECT = "Threats removed";

    /** The account id behind an address (its claim item), as the queue messages carry it. */
    private static String accountId(String email) {
        try (DynamoDbClient dynamo = LocalTables.dynamo()) {
            return dynamo.getItem(r -> r.tableName("AccountsTable").consistentRead(true).key(Map.of(
                    "accountId", AttributeValue.fromS("EMAIL#" + email), "sk", AttributeValue.fromS("CLAIM"))))
                    .item().get("ownerAccountId").s();
        }
    }

    /** A removal result for the account, as the remediation worker queues it; the same message {@code copies} times. */
    private static void removalCompleted(String accountId, String owner, String notificationId, int copies) {
        String body = Browser.write(Map.of("notificationId", notificationId, "accountId", accountId,
                "kind", "REMEDIATION_COMPLETE", "recipient", owner,
                "params", Map.of("action", "REMOVE", "total", "2", "done", "2", "alreadyGone", "0", "failed", "0",
                        "requestedBy", owner, "link", LocalStack.get().consoleUrl() + "#/?remediation=" + notificationId),
                "requestedAt", Instant.now().toString()));
        try (SqsClient sqs = LocalTables.sqs()) {
            String queueUrl = sqs.getQueueUrl(r -> r.queueName("NotificationsQueue")).queueUrl();
            for (int i = 0; i < copies; i++) {
                sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
            }
        }
    }

    private static String pathAndQuery(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @Test
    void anAddedAddressConfirmsGetsEachSecurityEmailOnceAndUnsubscribesInOneClick() {
        String owner = SignupJourneyTest.newEmail();
        Browser admin = SignupJourneyTest.signedInAdmin(owner);
        String accountId = accountId(owner);
        String soc = "soc+" + UUID.randomUUID().toString().substring(0, 8) + "@contoso.example";

        Browser.Response added = admin.postJson("/api/account/email-recipients", Map.of("email", soc.toUpperCase()));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().path("state").asText()).isEqualTo("PENDING");
        String recipientId = added.json().path("id").asText();
        assertThat(admin.postJson("/api/account/email-recipients", Map.of("email", soc)).status())
                .as("the same address in another case").isEqualTo(400);

        JsonNode confirmation = Outbox.awaitSubject(soc, CONFIRM_SUBJECT);
        assertThat(confirmation.path("text").asText()).contains(owner + " asked Mailmoat to send security alerts");
        String confirmLink = Outbox.firstLink(confirmation);
        assertThat(confirmLink).startsWith(LocalStack.get().consoleUrl() + "alert-recipient?confirm=");

        // Before it confirms, a security email reaches the owner only.
        removalCompleted(accountId, owner, "removal-" + UUID.randomUUID(), 1);
        Outbox.awaitSubject(owner, REMOVAL_SUBJECT);
        Outbox.sleep(1000);
        assertThat(Outbox.emailsTo(soc)).as("nothing but the confirmation before confirming").hasSize(1);

        // Confirming: the page opens (and does nothing by itself); its button posts the token.
        assertThat(Browser.forLocalStack().get(pathAndQuery(confirmLink)).status()).isEqualTo(200);
        String token = URI.create(confirmLink).getQuery().replaceFirst("^confirm=", "");
        Browser stranger = Browser.forLocalStack();
        Browser.Response confirmed = stranger.postJson("/api/alert-recipients/confirm", Map.of("token", token));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(stranger.postJson("/api/alert-recipients/confirm", Map.of("token", token)).status())
                .as("single use").isEqualTo(400);
        Outbox.awaitSubject(owner, "A new address gets your Mailmoat security alerts");
        assertThat(admin.get("/api/account/email-recipients").json().path("recipients").get(0).path("state").asText())
                .isEqualTo("ACTIVE");

        // A removal result, delivered twice by the queue: each of them gets it once.
        removalCompleted(accountId, owner, "removal-" + UUID.randomUUID(), 2);
        JsonNode copy = Outbox.awaitSubject(soc, REMOVAL_SUBJECT);
        Outbox.awaitNth(owner, REMOVAL_SUBJECT, 2);
        Outbox.sleep(3000);
        assertThat(Outbox.count(owner, REMOVAL_SUBJECT)).isEqualTo(2);
        assertThat(Outbox.count(soc, REMOVAL_SUBJECT)).isEqualTo(1);
        assertThat(copy.path("to")).hasSize(1);
        assertThat(copy.path("text").asText()).contains(owner + " added " + soc).contains("Stop getting these emails: ");
        assertThat(copy.path("headers").path("List-Unsubscribe-Post").asText()).isEqualTo("List-Unsubscribe=One-Click");
        String oneClick = copy.path("headers").path("List-Unsubscribe").asText().replaceAll("^<|>$", "");
        assertThat(oneClick).startsWith(LocalStack.get().consoleUrl() + "api/alert-recipients/unsubscribe?token=");

        // Another account sees none of it and cannot remove it.
        Browser other = SignupJourneyTest.signedInAdmin(SignupJourneyTest.newEmail());
        assertThat(other.get("/api/account/email-recipients").json().path("recipients")).isEmpty();
        assertThat(other.send(java.net.http.HttpRequest.newBuilder(other.uri("/api/account/email-recipients/" + recipientId))
                .DELETE()).status()).isEqualTo(404);
        assertThat(other.postJson("/api/account/email-recipients/" + recipientId + "/resend", Map.of()).status()).isEqualTo(404);

        // The mail provider's one-click unsubscribe: a form POST from its own servers, no cookie, no Origin.
        Browser.Response unsubscribed = new Browser(LocalStack.get().consoleUrl())
                .postRaw(pathAndQuery(oneClick), "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        assertThat(unsubscribed.status()).as(unsubscribed.toString()).isEqualTo(200);
        assertThat(admin.get("/api/account/email-recipients").json().path("recipients").get(0).path("state").asText())
                .isEqualTo("UNSUBSCRIBED");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!admin.get("/api/notifications").body().contains("Alert recipient unsubscribed")) {
            assertThat(Instant.now()).as("the owner's in-app notice").isBefore(deadline);
            Outbox.sleep(200);
        }

        removalCompleted(accountId, owner, "removal-" + UUID.randomUUID(), 1);
        Outbox.awaitNth(owner, REMOVAL_SUBJECT, 3);
        Outbox.sleep(1000);
        assertThat(Outbox.count(soc, REMOVAL_SUBJECT)).as("nothing after unsubscribing").isEqualTo(1);

        assertThat(admin.send(java.net.http.HttpRequest.newBuilder(admin.uri("/api/account/email-recipients/" + recipientId))
                .DELETE()).status()).isEqualTo(204);
        assertThat(admin.get("/api/account/email-recipients").json().path("recipients")).isEmpty();
    }
}
