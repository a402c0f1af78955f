package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.MessageLookup;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.microsoft.graph.models.MailFolder;
import com.microsoft.graph.models.Message;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link MessageLookup} on Graph: {@code GET /users/{id}/messages/{id}} with the summary fields and
 * {@code isDraft}, and {@code GET /users/{id}/mailFolders/{wellKnownName}}, with immutable ids.
 */
public final class GraphMessageLookup implements MessageLookup {
    static final String[] FIELDS = {"id", "internetMessageId", "from", "subject", "receivedDateTime",
            "parentFolderId", "isDraft"};

    private final GraphCalls calls;

    GraphMessageLookup(GraphCalls calls) {
        this.calls = calls;
    }

    @Override
    public Optional<Found> find(String tenantId, String mailboxId, String messageId) {
        Message message;
        try {
            message = calls.run(tenantId, "get message", graph -> graph.users().byUserId(mailboxId).messages()
                    .byMessageId(messageId).get(request -> {
                        request.queryParameters.select = FIELDS;
                        request.headers.add("Prefer", GraphMailboxGateway.IMMUTABLE_IDS);
                    }));
        } catch (MicrosoftNotFoundException e) {
            if ("ErrorItemNotFound".equals(e.errorCode()) || "ResourceNotFound".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        } catch (MicrosoftException e) {
            if ("ErrorInvalidIdMalformed".equals(e.errorCode())) {
                // Not an id this mailbox could ever have: there is no such message.
                return Optional.empty();
            }
            throw e;
        }
        if (message == null) {
            return Optional.empty();
        }
        boolean hasFrom = message.getFrom() != null && message.getFrom().getEmailAddress() != null;
        Instant received = message.getReceivedDateTime() == null ? Instant.EPOCH : message.getReceivedDateTime().toInstant();
        MessageSummary summary = new MessageSummary(message.getId() == null ? messageId : message.getId(),
                message.getInternetMessageId(), hasFrom ? message.getFrom().getEmailAddress().getAddress() : "",
                message.getSubject(), received, hasFrom ? message.getFrom().getEmailAddress().getName() : "",
                message.getParentFolderId());
        return Optional.of(new Found(summary, Boolean.TRUE.equals(message.getIsDraft())));
    }

    @Override
    public java.util.List<MessageSummary> findByInternetMessageId(String tenantId, String mailboxId,
                                                                  String internetMessageId) {
        String quoted = internetMessageId.replace("'", "''");
        com.microsoft.graph.models.MessageCollectionResponse page = calls.run(tenantId, "find message by Internet Message-ID",
                graph -> graph.users().byUserId(mailboxId).messages().get(request -> {
                    request.queryParameters.filter = "internetMessageId eq '" + quoted + "'";
                    request.queryParameters.select = FIELDS;
                    request.queryParameters.top = 5;
                    request.headers.add("Prefer", GraphMailboxGateway.IMMUTABLE_IDS);
                }));
        java.util.List<MessageSummary> found = new java.util.ArrayList<>();
        if (page == null || page.getValue() == null) {
            return found;
        }
        for (Message message : page.getValue()) {
            boolean hasFrom = message.getFrom() != null && message.getFrom().getEmailAddress() != null;
            Instant received = message.getReceivedDateTime() == null ? Instant.EPOCH : message.getReceivedDateTime().toInstant();
            found.add(new MessageSummary(message.getId(), message.getInternetMessageId(),
                    hasFrom ? message.getFrom().getEmailAddress().getAddress() : "", message.getSubject(), received,
                    hasFrom ? message.getFrom().getEmailAddress().getName() : "", message.getParentFolderId()));
        }
        return found;
    }

    @Override
    public Optional<String> wellKnownFolderId(String tenantId, String mailboxId, String wellKnownName) {
        try {
            MailFolder folder = calls.run(tenantId, "get folder", graph -> graph.users().byUserId(mailboxId).mailFolders()
                    .byMailFolderId(wellKnownName).get(request -> request.queryParameters.select = new String[] {"id"}));
            return Optional.ofNullable(folder == null ? null : folder.getId());
        } catch (MicrosoftNotFoundException e) {
            if ("ErrorItemNotFound".equals(e.errorCode()) || "ErrorFolderNotFound".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
