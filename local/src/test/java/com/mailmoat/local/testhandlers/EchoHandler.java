package com.mailmoat.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Records the event and context it receives and answers with every response feature. */
public class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final AtomicInteger INSTANCES = new AtomicInteger();
    public static final AtomicReference<APIGatewayV2HTTPEvent> LAST_EVENT = new AtomicReference<>();
    public static final AtomicReference<Context> LAST_CONTEXT = new AtomicReference<>();
    public static final AtomicReference<String> TABLE_AT_CONSTRUCTION = new AtomicReference<>();

    public EchoHandler() {
        INSTANCES.incrementAndGet();
        TABLE_AT_CONSTRUCTION.set(System.getProperty("ITEMS_TABLE"));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        LAST_EVENT.set(event);
        LAST_CONTEXT.set(context);
        if (event.getRawPath().equals("/files/image.png")) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "image/png"))
                    .withBody(Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                    .withIsBase64Encoded(true).build();
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "text/plain; charset=utf-8", "X-Route", event.getRouteKey()))
                .withMultiValueHeaders(Map.of("X-Multi", List.of("one", "two")))
                .withCookies(List.of("session=abc; HttpOnly; Path=/", "theme=dark; Path=/"))
                .withBody("echo " + (event.getBody() == null ? "" : event.getBody()))
                .build();
    }

    /** The body the handler received, decoded when API Gateway base64-encoded it. */
    public static String lastBody() {
        APIGatewayV2HTTPEvent event = LAST_EVENT.get();
        return event.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : event.getBody();
    }
}
