package com.mailmoat.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The composition root against DynamoDB Local and a recording SES endpoint, with the template's settings. */
class NotificationWiringTest {

    @Test
    void snapStartPrimingRunsEveryStepAgainstTheRealClientsAndSendsAndWritesNothing() throws Exception {
        List<String> sesRequests = new CopyOnWriteArrayList<>();
        HttpServer ses = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ses.createContext("/", exchange -> {
            sesRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] body = "{\"message\":\"unknown identity\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "NotFoundException");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ses.start();
        try {
            LocalAws.Stack stack = LocalAws.stack();
            NotificationWiring wiring = new NotificationWiring(stack.settings("NotificationFunction",
                    Map.of("AWS_ENDPOINT_URL_SESV2", "http://127.0.0.1:" + ses.getAddress().getPort())), Clock.systemUTC());

            assertThat(wiring.priming.run()).as("failed steps").isEmpty();
            wiring.priming.beforeCheckpoint(null); // as CRaC calls it before Lambda's snapshot

            assertThat(stack.writes()).as("items and messages written").isZero();
            // Only identity look-ups reached SES: no email was sent.
            assertThat(sesRequests).isNotEmpty().allMatch(request -> request.startsWith("GET /v2/email/identities/"));
        } finally {
            ses.stop(0);
        }
    }
}
