package com.mailmoat.local.ses;

import com.mailmoat.local.http.HttpApiEvents;
import com.mailmoat.local.http.LocalEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /local/outbox}: the emails "sent" so far, newest first, as a JSON array with
 * {@code to} (array), {@code from}, {@code subject}, {@code text}, {@code html} and
 * {@code sentAt}, and {@code headers} (those Mailmoat set itself, e.g. {@code List-Unsubscribe}) — how a local user (or a test) reads the mail Mailmoat would have delivered.
 * {@code GET /local/outbox.html} shows the same emails as a page a person reads, links clickable.
 */
public final class OutboxEndpoint implements LocalEndpoint {
    /** The outbox's path on the console server. */
    public static final String PATH = "/local/outbox";
    /** The readable page of the outbox. */
    public static final String PAGE = "/local/outbox.html";
    private final Outbox outbox;

    public OutboxEndpoint(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Optional<HttpApiEvents.HttpResponse> handle(HttpApiEvents.HttpRequest request) {
        boolean page = request.rawPath().equals(PAGE);
        if (!page && !request.rawPath().equals(PATH)) {
            return Optional.empty();
        }
        if (!request.method().equals("GET")) {
            return Optional.of(HttpApiEvents.gatewayError(405, "Method Not Allowed"));
        }
        if (page) {
            return Optional.of(OutboxPage.render(outbox.newestFirst()));
        }
        List<Map<String, Object>> emails = outbox.newestFirst().stream().map(OutboxEndpoint::view).toList();
        HttpApiEvents.HttpResponse json = HttpApiEvents.json(200, emails);
        json.headers().put("Cache-Control", List.of("no-store"));
        return Optional.of(json);
    }

    private static Map<String, Object> view(SentEmail email) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", email.id());
        view.put("to", email.to());
        view.put("cc", email.cc());
        view.put("bcc", email.bcc());
        view.put("from", email.from());
        view.put("subject", email.subject());
        view.put("text", email.text());
        view.put("html", email.html());
        view.put("sentAt", email.sentAt());
        view.put("headers", email.headers());
        return view;
    }
}
