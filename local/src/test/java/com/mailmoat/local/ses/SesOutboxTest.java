package com.mailmoat.local.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.LocalAws;
import com.mailmoat.local.http.HttpApiEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;

/** The local SES endpoint, driven by the real AWS SDK client the notification function uses. */
class SesOutboxTest {
    private static Outbox outbox;
    private static SesV2Endpoint endpoint;
    private static SesV2Client ses;

    @BeforeAll
    static void start() throws Exception {
        outbox = Outbox.inMemory();
        endpoint = SesV2Endpoint.start(outbox);
        ses = LocalAws.configure(SesV2Client.builder(), endpoint.url()).build();
    }

    @AfterAll
    static void stop() {
        ses.close();
        endpoint.close();
    }

    @Test
    void simpleEmailsAreKeptAndListedNewestFirst() throws Exception {
        String first = ses.sendEmail(r -> r.fromEmailAddress("no-reply@mailmoat.example")
                .destination(d -> d.toAddresses("first@contoso.example"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("First"))
                        .body(b -> b.text(t -> t.data("Plain first")))))).messageId();
        ses.sendEmail(r -> r.fromEmailAddress("no-reply@mailmoat.example")
                .destination(d -> d.toAddresses("admin@contoso.example", "ops@contoso.example"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("Set your password"))
                        .body(b -> b.text(t -> t.data("Open the link")).html(h -> h.data("<p>Open the link</p>"))))));

        assertThat(first).isNotBlank();
        JsonNode listed = outboxJson();
        JsonNode newest = listed.get(0);
        assertThat(newest.get("subject").asText()).isEqualTo("Set your password");
        assertThat(newest.get("to")).hasSize(2);
        assertThat(newest.get("to").get(0).asText()).isEqualTo("admin@contoso.example");
        assertThat(newest.get("from").asText()).isEqualTo("no-reply@mailmoat.example");
        assertThat(newest.get("text").asText()).isEqualTo("Open the link");
        assertThat(newest.get("html").asText()).isEqualTo("<p>Open the link</p>");
        assertThat(Instant.parse(newest.get("sentAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(listed.findValuesAsText("subject")).containsSubsequence("Set your password", "First");
    }

    /** What Mailmoat's SES sender sets on emails to alert recipients: the one-click unsubscribe headers (RFC 8058). */
    @Test
    void theSendersOwnHeadersAreKeptAndListed() throws Exception {
        new com.mailmoat.adapters.aws.notify.SesEmailSender(ses, "no-reply@mailmoat.example").send(
                new com.mailmoat.core.notify.Email(java.util.List.of("soc@contoso.example"), "Threats removed", "text", "<p>html</p>",
                        java.util.Map.of("List-Unsubscribe", "<https://console.mailmoat.example/api/alert-recipients/unsubscribe?token=t>",
                                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click")));
        JsonNode newest = outboxJson().get(0);
        assertThat(newest.get("subject").asText()).isEqualTo("Threats removed");
        assertThat(newest.path("headers").path("List-Unsubscribe").asText())
                .isEqualTo("<https://console.mailmoat.example/api/alert-recipients/unsubscribe?token=t>");
        assertThat(newest.path("headers").path("List-Unsubscribe-Post").asText()).isEqualTo("List-Unsubscribe=One-Click");
    }

    @Test
    void rawMimeEmailsAreReadIntoTheSameFields() throws Exception {
        String mime = """
                From: Mailmoat <reports@mailmoat.example>
                To: soc@fabrikam.example
                Subject: Threat scan report
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b1"

                --b1
                Content-Type: text/plain; charset=utf-8

                3 threats found
                --b1
                Content-Type: text/html; charset=utf-8

                <b>3 threats found</b>
                --b1--
                """.replace("\n", "\r\n");
        ses.sendEmail(r -> r.content(c -> c.raw(raw -> raw.data(SdkBytes.fromString(mime, StandardCharsets.UTF_8)))));

        SentEmail email = outbox.newestFirst().stream()
                .filter(e -> "Threat scan report".equals(e.subject())).findFirst().orElseThrow();
        assertThat(email.from()).isEqualTo("reports@mailmoat.example");
        assertThat(email.to()).containsExactly("soc@fabrikam.example");
        assertThat(email.text()).contains("3 threats found");
        assertThat(email.html()).contains("<b>3 threats found</b>");
    }

    @Test
    void anEmailWithoutRecipientsIsABadRequest() {
        int before = outbox.newestFirst().size();
        assertThatThrownBy(() -> ses.sendEmail(r -> r.fromEmailAddress("no-reply@mailmoat.example")
                .content(c -> c.simple(m -> m.subject(s -> s.data("Nobody"))
                        .body(b -> b.text(t -> t.data("x")))))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Destination");
        assertThat(outbox.newestFirst()).hasSize(before);
    }

    @Test
    void aPersistentOutboxSurvivesARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outbox.jsonl");
        Outbox before = Outbox.persistent(file);
        before.add(new SentEmail("1", "a@x.example", List.of("b@x.example"), List.of(), List.of(), "Hello", "hi", null,
                "2026-11-23T10:00:00Z", null));
        before.add(new SentEmail("2", "a@x.example", List.of("c@x.example"), List.of(), List.of(), "Again", "hi", null,
                "2026-11-23T10:01:00Z", null));

        Outbox after = Outbox.persistent(file);

        assertThat(after.newestFirst()).extracting(SentEmail::subject).containsExactly("Again", "Hello");
    }

    private static JsonNode outboxJson() throws Exception {
        HttpApiEvents.HttpResponse response = new OutboxEndpoint(outbox).handle(new HttpApiEvents.HttpRequest(
                "GET", OutboxEndpoint.PATH, "", Map.of(), new byte[0], "127.0.0.1", "HTTP/1.1")).orElseThrow();
        assertThat(response.status()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
