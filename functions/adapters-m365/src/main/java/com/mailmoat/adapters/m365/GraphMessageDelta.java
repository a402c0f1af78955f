package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.realtime.DeltaTokenExpiredException;
import com.mailmoat.core.realtime.MessageDelta;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.users.item.mailfolders.item.messages.delta.DeltaGetResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@link MessageDelta} on Graph: {@code GET /users/{id}/mailFolders/{folder}/messages/delta} with
 * {@code $filter=receivedDateTime ge}, {@code changeType=created}, {@code $select=id,receivedDateTime}, immutable ids and
 * {@code Prefer: odata.maxpagesize}; {@code @odata.nextLink} and {@code @odata.deltaLink} followed
 * untouched (only on the configured Graph host). Items marked {@code @removed} are left out: a
 * message that left the folder needs no check. 410 {@code SyncStateNotFound} is
 * {@link DeltaTokenExpiredException}, as is {@code resyncRequired}.
 */
public final class GraphMessageDelta implements MessageDelta {
    static final String[] FIELDS = {"id", "receivedDateTime"};

    private final GraphCalls calls;

    GraphMessageDelta(GraphCalls calls) {
        this.calls = calls;
    }

    @Override
    public Page start(String tenantId, String mailboxId, String folder, Instant since, int pageSize) {
        String from = since.truncatedTo(ChronoUnit.SECONDS).toString();
        return page(tenantId, "message delta", graph -> graph.users().byUserId(mailboxId).mailFolders().byMailFolderId(folder)
                .messages().delta().get(request -> {
                    request.queryParameters.filter = "receivedDateTime ge " + from;
                    // New in the folder only (arrived or moved in): a read flag or category change is no new mail.
                    request.queryParameters.changeType = "created";
                    request.queryParameters.select = FIELDS;
                    request.headers.add("Prefer", GraphMailboxGateway.IMMUTABLE_IDS);
                    request.headers.add("Prefer", "odata.maxpagesize=" + pageSize);
                }));
    }

    @Override
    public Page follow(String tenantId, String mailboxId, String link, int pageSize) {
        String url = calls.graphUrl(link);
        return page(tenantId, "message delta (link)", graph -> graph.users().byUserId(mailboxId).mailFolders()
                .byMailFolderId("link").messages().delta().withUrl(url).get(request -> {
                    request.headers.add("Prefer", GraphMailboxGateway.IMMUTABLE_IDS);
                    request.headers.add("Prefer", "odata.maxpagesize=" + pageSize);
                }));
    }

    private Page page(String tenantId, String what, Function<GraphServiceClient, DeltaGetResponse> request) {
        DeltaGetResponse response;
        try {
            response = calls.run(tenantId, what, request);
        } catch (MicrosoftException e) {
            if ("SyncStateNotFound".equalsIgnoreCase(e.errorCode()) || "resyncRequired".equalsIgnoreCase(e.errorCode())
                    || GraphCalls.statusOf(e) == 410) {
                throw new DeltaTokenExpiredException(what + ": Graph no longer knows the delta link", e);
            }
            throw e;
        }
        if (response == null) {
            return new Page(List.of(), null, null);
        }
        List<Change> changes = new ArrayList<>();
        for (Message message : Objects.requireNonNullElse(response.getValue(), List.<Message>of())) {
            if (message.getId() == null || (message.getAdditionalData() != null
                    && message.getAdditionalData().containsKey("@removed"))) {
                continue;
            }
            changes.add(new Change(message.getId(),
                    message.getReceivedDateTime() == null ? null : message.getReceivedDateTime().toInstant()));
        }
        return new Page(changes, response.getOdataNextLink(), response.getOdataDeltaLink());
    }
}
