package com.mailmoat.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.testhandlers.EchoHandler;
import com.mailmoat.local.testhandlers.QueueWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The whole runtime on the fixture template, over real HTTP and a real ElasticMQ. */
class EmbeddedStackTest {
    private static EmbeddedStack stack;
    private static HttpClient http;

    @BeforeAll
    static void boot() throws Exception {
        Path template = Path.of(EmbeddedStackTest.class.getResource("/stack/template.yaml").toURI());
        stack = EmbeddedStack.start(LocalOptions.inMemory(template), line -> { });
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.consoleUrl() + path.substring(1)));
    }

    @Test
    void aRouteInvokesItsHandlerWithThePayloadTwoEvent() throws Exception {
        HttpResponse<String> response = send(request("/echo/42?lang=en&lang=fr")
                .header("Cookie", "session=s1; theme=dark").header("X-Trace", "t-1"));

        assertThat(response.statusCode()).isEqualTo(201);
        APIGatewayV2HTTPEvent event = EchoHandler.LAST_EVENT.get();
        assertThat(event.getRouteKey()).isEqualTo("GET /echo/{id}");
        assertThat(event.getPathParameters()).containsEntry("id", "42");
        assertThat(event.getQueryStringParameters()).containsEntry("lang", "en,fr");
        assertThat(event.getRawQueryString()).isEqualTo("lang=en&lang=fr");
        assertThat(event.getCookies()).containsExactly("session=s1", "theme=dark");
        assertThat(event.getHeaders()).containsEntry("x-trace", "t-1").doesNotContainKey("cookie");
        assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(EchoHandler.LAST_CONTEXT.get().getFunctionName()).isEqualTo("EchoFunction");
        assertThat(EchoHandler.LAST_CONTEXT.get().getRemainingTimeInMillis()).isBetween(1, 5000);
    }

    @Test
    void theResponseKeepsStatusHeadersAndEveryCookie() throws Exception {
        HttpResponse<String> response = send(request("/echo").POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                .header("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("echo {\"a\":1}");
        assertThat(response.headers().allValues("set-cookie"))
                .containsExactly("session=abc; HttpOnly; Path=/", "theme=dark; Path=/");
        assertThat(response.headers().allValues("x-multi")).containsExactly("one", "two");
        assertThat(response.headers().firstValue("x-route")).contains("POST /echo");
        assertThat(EchoHandler.LAST_EVENT.get().getIsBase64Encoded()).isFalse();
    }

    @Test
    void binaryBodiesTravelBase64InBothDirections() throws Exception {
        HttpResponse<byte[]> response = http.send(request("/files/image.png")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2}))
                        .header("Content-Type", "application/octet-stream").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.body()).containsExactly(0x89, 'P', 'N', 'G');
        APIGatewayV2HTTPEvent event = EchoHandler.LAST_EVENT.get();
        assertThat(event.getRouteKey()).isEqualTo("ANY /files/{proxy+}");
        assertThat(event.getPathParameters()).containsEntry("proxy", "image.png");
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(event.getBody())).containsExactly(0, 1, 2);
    }

    @Test
    void aLiteralRouteBeatsAParameterRoute() throws Exception {
        send(request("/echo/fixed"));
        assertThat(EchoHandler.LAST_EVENT.get().getRouteKey()).isEqualTo("GET /echo/fixed");
    }

    @Test
    void eachHandlerIsInstantiatedOnceAfterItsConfigurationIsSet() throws Exception {
        send(request("/echo/1"));
        send(request("/echo/2"));
        assertThat(EchoHandler.INSTANCES.get()).isEqualTo(1);
        assertThat(EchoHandler.TABLE_AT_CONSTRUCTION.get()).isEqualTo("mailmoat-local-items");
    }

    @Test
    void functionsReadTheirConfigurationAndTheLocalEndpointsFromSystemProperties() {
        assertThat(System.getProperty("ITEMS_TABLE")).isEqualTo("mailmoat-local-items");
        assertThat(System.getProperty("WORK_QUEUE_URL")).endsWith("/000000000000/WorkQueue");
        assertThat(System.getProperty("CONSOLE_URL")).isEqualTo(stack.consoleUrl().replaceAll("/$", ""));
        assertThat(System.getProperty("AWS_ENDPOINT_URL_DYNAMODB")).isEqualTo(stack.dynamo().endpoint());
        assertThat(System.getProperty("AWS_ENDPOINT_URL_SQS")).isEqualTo(stack.queues().endpoint());
        assertThat(System.getProperty("AWS_ENDPOINT_URL_SESV2")).startsWith("http://127.0.0.1:");
        assertThat(System.getProperty("M365_GRAPH_BASE_URL")).startsWith("https://127.0.0.1:").endsWith("/v1.0");
        assertThat(System.getProperty("M365_REDIRECT_URI")).isEqualTo(stack.consoleUrl() + "api/sso/callback");
        assertThat(System.getProperty("DNS_RESOLVER")).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(System.getProperty("MAILMOAT_LOCAL")).isEqualTo("true");
        assertThat(System.getProperty("aws.region")).isEqualTo("us-east-1");
    }

    @Test
    void functionsTrustTheSimulatorsCertificateFromAPemFile() throws Exception {
        java.security.cert.X509Certificate trusted;
        try (var in = java.nio.file.Files.newInputStream(Path.of(System.getProperty("M365_TRUSTED_CERT")))) {
            trusted = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
        assertThat(trusted).isEqualTo(stack.simulator().simulator().certificate());
    }

    @Test
    void aHandlerExceptionIsA500AsApiGatewayAnswersItWithoutTheExceptionsMessage() throws Exception {
        HttpResponse<String> response = send(request("/fail"));

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("message").asText()).isEqualTo("Internal Server Error");
        // The message (which may quote the request) and the stack are for the log only.
        assertThat(response.body()).doesNotContain("database on fire").doesNotContain("at com.mailmoat");
    }

    @Test
    void unknownRoutesGetApiGatewaysNotFound() throws Exception {
        HttpResponse<String> response = send(request("/api/nothing-here"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(send(request("/echo/42").DELETE()).statusCode()).isEqualTo(404);
    }

    @Test
    void bodiesOverTenMegabytesAreRefused() throws Exception {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        HttpResponse<String> response = send(request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(big))
                .header("Content-Type", "application/json"));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void theConsoleIsServedFromWebForPathsThatAreNotRoutes() throws Exception {
        HttpResponse<String> index = send(request("/"));
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("fixture index");
        assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("cache-control")).contains("no-cache");

        assertThat(send(request("/about")).body()).contains("fixture about");
        assertThat(send(request("/docs/")).body()).contains("fixture docs");
        HttpResponse<String> script = send(request("/app.js"));
        assertThat(script.headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
        assertThat(send(request("/../template.yaml")).statusCode()).isEqualTo(404);
        assertThat(send(request("/missing.css")).statusCode()).isEqualTo(404);
    }

    @Test
    void theOutboxIsListedAsJson() throws Exception {
        HttpResponse<String> response = send(request("/local/outbox"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).isArray()).isTrue();
    }

    @Test
    void queueMessagesReachTheHandlerAndFailuresRedriveToTheDeadLetterQueue() throws Exception {
        String workQueue = (String) stack.resources().ref("WorkQueue");
        String deadLetters = (String) stack.resources().ref("WorkDlq");
        try (SqsClient sqs = stack.queues().client()) {
            for (String body : List.of("good-1", "poison-1", "flaky-1", "good-2")) {
                sqs.sendMessage(r -> r.queueUrl(workQueue).messageBody(body));
            }

            await(() -> QueueWorker.DONE.containsAll(List.of("good-1", "good-2", "flaky-1")));
            List<Message> dead = awaitMessages(sqs, deadLetters);

            assertThat(dead).extracting(Message::body).containsExactly("poison-1");
            // Reported failures stay on the queue and come back until maxReceiveCount (2) moves them away.
            assertThat(QueueWorker.RECEIVED.stream().filter(m -> m.getBody().equals("poison-1")))
                    .extracting(m -> m.getAttributes().get("ApproximateReceiveCount"))
                    .containsExactly("1", "2");
            // A thrown batch is redelivered whole; what succeeded is deleted and not delivered again.
            assertThat(QueueWorker.DONE.stream().filter(b -> b.startsWith("good"))).containsExactlyInAnyOrder("good-1", "good-2");
            SQSEvent.SQSMessage record = QueueWorker.RECEIVED.get(0);
            assertThat(record.getEventSource()).isEqualTo("aws:sqs");
            assertThat(record.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:WorkQueue");
            assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
            assertThat(record.getMd5OfBody()).isNotBlank();
            assertThat(record.getAttributes()).containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp");
            assertThat(sqs.receiveMessage(r -> r.queueUrl(workQueue).waitTimeSeconds(2)).messages()).isEmpty();
        }
    }

    private static List<Message> awaitMessages(SqsClient sqs, String queueUrl) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(2)).messages();
            if (!messages.isEmpty()) {
                return messages;
            }
        }
        throw new AssertionError("Nothing arrived on " + queueUrl);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not reached; handler saw " + QueueWorker.RECEIVED.size() + " messages");
            }
            Thread.sleep(50);
        }
    }
}
