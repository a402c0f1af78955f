package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.MailFolder;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.core.microsoft.MessagePage;
import com.mailmoat.core.microsoft.MessageSummary;
import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftUnavailableException;
import com.mailmoat.core.microsoft.MovedMessage;
import com.mailmoat.core.microsoft.ReceivedPage;
import com.microsoft.graph.models.MailFolderCollectionResponse;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.MessageCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.users.item.messages.item.move.MovePostRequestBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link MailboxGateway} on Microsoft Graph: {@code /users}, {@code /users/{id}/messages} with
 * {@code $filter=receivedDateTime ge} and {@code @odata.nextLink} paging, {@code $value},
 * {@code /mailFolders} and {@code /move}.
 */
public final class GraphMailboxGateway implements MailboxGateway {
    static final String[] MESSAGE_FIELDS = {"id", "internetMessageId", "from", "subject", "receivedDateTime",
            "parentFolderId"};
    /** Ids that survive moves within the mailbox (Graph's immutable ids); asked for on every mail request. */
    static final String IMMUTABLE_IDS = "IdType=\"ImmutableId\"";
    private static final String ITEM_NOT_FOUND = "ErrorItemNotFound";

    private final GraphCalls calls;
    private final GraphBatch batch;

    GraphMailboxGateway(GraphCalls calls) {
        this(calls, null);
    }

    GraphMailboxGateway(GraphCalls calls, GraphBatch batch) {
        this.calls = calls;
        this.batch = batch;
    }

    @Override
    public List<Mailbox> listMailboxes(String tenantId) {
        List<Mailbox> mailboxes = new ArrayList<>();
        for (User user : GraphUsers.all(calls, tenantId)) {
            // Filtering on mail server-side is an advanced query; the user list is small enough to filter here.
            if (user.getMail() != null && !user.getMail().isBlank()) {
                mailboxes.add(new Mailbox(user.getId(), user.getUserPrincipalName(), user.getMail(), user.getDisplayName()));
            }
        }
        return mailboxes;
    }

    @Override
    public MessagePage firstMessages(String tenantId, String mailboxId, Instant receivedSince, int pageSize) {
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be 1..1000, was " + pageSize);
        }
        String since = receivedSince.truncatedTo(ChronoUnit.SECONDS).toString();
        MessageCollectionResponse page = calls.run(tenantId, "list messages",
                graph -> graph.users().byUserId(mailboxId).messages().get(request -> {
                    request.queryParameters.filter = "receivedDateTime ge " + since;
                    request.queryParameters.select = MESSAGE_FIELDS;
                    request.queryParameters.top = pageSize;
                }));
        return toPage(page);
    }

    @Override
    public MessagePage nextMessages(String tenantId, String cursor) {
        String url = calls.graphUrl(cursor);
        // The nextLink is followed untouched; the user id in the builder is replaced by the URL.
        MessageCollectionResponse page = calls.run(tenantId, "list messages (next page)",
                graph -> graph.users().byUserId("cursor").messages().withUrl(url).get());
        return toPage(page);
    }

    @Override
    public ReceivedPage listReceived(String tenantId, String mailboxId, Instant from, Instant until, int top,
                                     boolean count) {
        if (top < 1 || top > 1000) {
            throw new IllegalArgumentException("top must be 1..1000, was " + top);
        }
        // Graph compares receivedDateTime at second precision; both bounds are whole seconds already.
        String filter = "receivedDateTime ge " + from.truncatedTo(ChronoUnit.SECONDS)
                + " and receivedDateTime lt " + until.truncatedTo(ChronoUnit.SECONDS);
        MessageCollectionResponse page = calls.run(tenantId, "list messages",
                graph -> graph.users().byUserId(mailboxId).messages().get(request -> {
                    request.queryParameters.filter = filter;
                    request.queryParameters.orderby = new String[] {"receivedDateTime asc"};
                    request.queryParameters.select = MESSAGE_FIELDS;
                    request.queryParameters.top = top;
                    if (count) {
                        request.queryParameters.count = true;
                    }
                    request.headers.add("Prefer", IMMUTABLE_IDS);
                }));
        MessagePage messages = toPage(page);
        return new ReceivedPage(messages.messages(),
                Optional.ofNullable(page == null ? null : page.getOdataCount()), !messages.isLast());
    }

    @Override
    public Optional<MailFolder> findFolder(String tenantId, String mailboxId, String displayName) {
        return findTopLevelFolder(tenantId, mailboxId, displayName);
    }

    @Override
    public byte[] fetchMime(String tenantId, String mailboxId, String messageId) {
        return calls.run(tenantId, "fetch MIME", graph -> {
            try (InputStream mime = graph.users().byUserId(mailboxId).messages().byMessageId(messageId).content()
                    .get(request -> request.headers.add("Prefer", IMMUTABLE_IDS))) {
                if (mime == null) {
                    throw new MicrosoftException("Graph returned no MIME content for message " + messageId);
                }
                return mime.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** One Graph {@code $batch} of {@code $value} requests (see {@link GraphBatch}). */
    @Override
    public java.util.Map<String, com.mailmoat.core.microsoft.MimeResult> fetchMimes(String tenantId, String mailboxId,
                                                                                   List<String> messageIds) {
        if (batch == null) {
            return MailboxGateway.super.fetchMimes(tenantId, mailboxId, messageIds);
        }
        return batch.fetchMimes(tenantId, mailboxId, messageIds);
    }

    /**
     * Looks the folder up, creates it hidden when missing, and copes with both races a create can
     * lose: another worker created it first (409 {@code ErrorFolderExists}), or Microsoft created it
     * but answered 5xx/504 (then a second look finds it; it is never created blindly twice). A
     * visible folder of that name, made before folders were created hidden, is found and kept:
     * {@code isHidden} can only be set at creation, and a hidden sibling of the same name would be
     * refused with 409 anyway.
     */
    @Override
    public MailFolder ensureFolder(String tenantId, String mailboxId, String displayName) {
        Optional<MailFolder> existing = findTopLevelFolder(tenantId, mailboxId, displayName);
        if (existing.isPresent()) {
            return existing.get();
        }
        com.microsoft.graph.models.MailFolder folder = new com.microsoft.graph.models.MailFolder();
        folder.setDisplayName(displayName);
        // Hidden from the user's folder list, so nobody opens the threat or drags it back to the inbox.
        folder.setIsHidden(true);
        try {
            com.microsoft.graph.models.MailFolder created = calls.run(tenantId, "create folder",
                    graph -> graph.users().byUserId(mailboxId).mailFolders().post(folder));
            return new MailFolder(created.getId(), created.getDisplayName(), Boolean.FALSE.equals(created.getIsHidden()));
        } catch (MicrosoftUnavailableException maybeCreated) {
            return findTopLevelFolder(tenantId, mailboxId, displayName).orElseThrow(() -> maybeCreated);
        } catch (MicrosoftException failure) {
            if (GraphCalls.statusOf(failure) != 409) {
                throw failure;
            }
            // Another worker created it between our lookup and our create (409 ErrorFolderExists).
            return findTopLevelFolder(tenantId, mailboxId, displayName).orElseThrow(() -> failure);
        }
    }

    @Override
    public Optional<String> locateMessage(String tenantId, String mailboxId, String messageId) {
        try {
            Message message = calls.run(tenantId, "locate message",
                    graph -> graph.users().byUserId(mailboxId).messages().byMessageId(messageId).get(request -> {
                        request.queryParameters.select = new String[] {"id", "parentFolderId"};
                        request.headers.add("Prefer", IMMUTABLE_IDS);
                    }));
            if (message == null || message.getParentFolderId() == null) {
                throw new MicrosoftException("Graph's answer for message " + messageId + " carries no parentFolderId");
            }
            return Optional.of(message.getParentFolderId());
        } catch (MicrosoftNotFoundException notFound) {
            if (ITEM_NOT_FOUND.equals(notFound.errorCode())) {
                return Optional.empty();
            }
            throw notFound;
        }
    }

    /**
     * One POST, with the immutable-id preference (the message keeps its id) and no retry: the
     * remediation wiring builds its Graph client with {@link RetryPolicy#NONE}, so a 5xx/504 after a
     * committed move is reported, never replayed.
     */
    @Override
    public MovedMessage moveMessage(String tenantId, String mailboxId, String messageId, String destinationFolderId) {
        MovePostRequestBody body = new MovePostRequestBody();
        // Sent as Microsoft documents the body, {"destinationId": ...}. The SDK's typed setter writes
        // "DestinationId", which Graph accepts case-insensitively but strict parsers do not.
        body.getAdditionalData().put("destinationId", destinationFolderId);
        Message moved = calls.run(tenantId, "move message",
                graph -> graph.users().byUserId(mailboxId).messages().byMessageId(messageId).move()
                        .post(body, request -> request.headers.add("Prefer", IMMUTABLE_IDS)));
        if (moved == null || moved.getId() == null) {
            throw new MicrosoftException("Graph's move answer carries no message id");
        }
        return new MovedMessage(moved.getId(), moved.getParentFolderId());
    }

    /**
     * Pages through the top-level folders, hidden ones included (Graph leaves them out otherwise), and
     * matches the name here: a $filter alongside includeHiddenFolders is not documented, and names
     * with quotes would need OData escaping.
     */
    private Optional<MailFolder> findTopLevelFolder(String tenantId, String mailboxId, String displayName) {
        MailFolderCollectionResponse page = calls.run(tenantId, "list folders",
                graph -> graph.users().byUserId(mailboxId).mailFolders().get(request -> {
                    request.queryParameters.includeHiddenFolders = "true";
                    request.queryParameters.top = 100;
                }));
        while (page != null) {
            for (com.microsoft.graph.models.MailFolder folder : Objects.requireNonNullElse(page.getValue(),
                    List.<com.microsoft.graph.models.MailFolder>of())) {
                if (displayName.equalsIgnoreCase(folder.getDisplayName())) {
                    // isHidden "identifies whether a mail folder is hidden" in a list with includeHiddenFolders.
                    return Optional.of(new MailFolder(folder.getId(), folder.getDisplayName(),
                            Boolean.FALSE.equals(folder.getIsHidden())));
                }
            }
            String next = page.getOdataNextLink();
            page = next == null ? null : calls.run(tenantId, "list folders (next page)",
                    graph -> graph.users().byUserId(mailboxId).mailFolders().withUrl(calls.graphUrl(next)).get());
        }
        return Optional.empty();
    }

    private static MessagePage toPage(MessageCollectionResponse page) {
        List<MessageSummary> summaries = new ArrayList<>();
        if (page == null) {
            return new MessagePage(summaries, Optional.empty());
        }
        for (Message message : Objects.requireNonNullElse(page.getValue(), List.<Message>of())) {
            boolean hasFrom = message.getFrom() != null && message.getFrom().getEmailAddress() != null;
            String from = hasFrom ? message.getFrom().getEmailAddress().getAddress() : "";
            String fromName = hasFrom ? message.getFrom().getEmailAddress().getName() : "";
            Instant received = message.getReceivedDateTime() == null ? Instant.EPOCH : message.getReceivedDateTime().toInstant();
            summaries.add(new MessageSummary(message.getId(), message.getInternetMessageId(), from, message.getSubject(),
                    received, fromName, message.getParentFolderId()));
        }
        return new MessagePage(summaries, Optional.ofNullable(page.getOdataNextLink()));
    }

}
