package com.mailmoat.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.local.http.HttpApiEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Firing a schedule now, over HTTP, without a function behind an unknown id. */
class ScheduleEndpointTest {
    private final ScheduleEndpoint endpoint = new ScheduleEndpoint(new LocalScheduler(List.of()));

    private static HttpApiEvents.HttpRequest request(String method, String path) {
        return new HttpApiEvents.HttpRequest(method, path, "", Map.of(), new byte[0], "127.0.0.1", "HTTP/1.1");
    }

    @Test
    void answersOnlyItsOwnPaths() {
        assertThat(endpoint.handle(request("GET", "/local/outbox"))).isEmpty();
        Optional<HttpApiEvents.HttpResponse> list = endpoint.handle(request("GET", "/local/schedules"));
        assertThat(list).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(200));
        Optional<HttpApiEvents.HttpResponse> unknown = endpoint.handle(request("POST", "/local/schedules/Nope.Daily"));
        assertThat(unknown).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("no_such_schedule");
        });
        assertThat(endpoint.handle(request("GET", "/local/schedules/Nope.Daily")))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(405));
    }
}
