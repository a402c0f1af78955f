package com.mailmoat.lambda.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 19: secrets, bodies and raw input never reach the logs, even when a request fails. */
class LogsCarryNoRequestDataTest {
    private static final String SECRET = "Sup3r-Secret-Passw0rd-" + System.nanoTime();
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private AbstractAppender capture;

    @BeforeEach
    void captureLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                logged.add(line.toString());
            }
        };
        capture.start();
        LoggerConfig config = context.getConfiguration().getLoggerConfig("com.mailmoat");
        config.addAppender(capture, null, null);
        context.updateLoggers();
    }

    @AfterEach
    void stopCapturing() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getLoggerConfig("com.mailmoat").removeAppender("capture");
        context.updateLoggers();
        capture.stop();
    }

    private static APIGatewayV2HTTPEvent post(String routeKey, String rawPath, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        return APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withRawPath(rawPath)
                .withRawQueryString("token=" + SECRET).withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build()).build())
                .build();
    }

    @Test
    void failuresAndRefusalsAreLoggedWithoutTheRequestsContent() {
        HttpApiHandler handler = new HttpApiHandler("https://console.mailmoat.example/") {
            @Override
            protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
                String password = request.requireStrings("password").get(0);
                if (request.routeKey().equals("POST /boom")) {
                    throw new IllegalStateException("could not store " + password,
                            new IllegalArgumentException("cause quoting " + password));
                }
                throw unknownRoute(request);
            }
        };
        String body = "{\"password\":\"" + SECRET + "\"}";
        assertThat(handler.handleRequest(post("POST /boom", "/boom", body), null).getStatusCode()).isEqualTo(500);
        assertThat(handler.handleRequest(post(null, "/" + SECRET, body), null).getStatusCode()).isEqualTo(404);
        assertThat(handler.handleRequest(post("POST /x", "/x", "{\"password\":" + SECRET), null).getStatusCode()).isEqualTo(400);

        assertThat(logged).hasSizeGreaterThanOrEqualTo(3);
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(SECRET));
        assertThat(String.join("\n", logged)).contains("POST /boom failed").contains("IllegalStateException");
    }
}
