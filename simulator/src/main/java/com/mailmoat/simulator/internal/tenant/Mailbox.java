package com.mailmoat.simulator.internal.tenant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One user's mailbox: the default folders, app-created folders and the messages. All methods
 * are thread-safe (one lock per mailbox, like one mailbox per Exchange store).
 */
public final class Mailbox {

    private static final AtomicLong ORDER = new AtomicLong();

    /** Well-known name → display name of the top-level folders every mailbox starts with. */
    private static final Map<String, String> DEFAULT_FOLDERS = new LinkedHashMap<>();

    static {
        DEFAULT_FOLDERS.put("archive", "Archive");
        DEFAULT_FOLDERS.put("conversationhistory", "Conversation History");
        DEFAULT_FOLDERS.put("deleteditems", "Deleted Items");
        DEFAULT_FOLDERS.put("drafts", "Drafts");
        DEFAULT_FOLDERS.put("inbox", "Inbox");
        DEFAULT_FOLDERS.put("junkemail", "Junk Email");
        DEFAULT_FOLDERS.put("outbox", "Outbox");
        DEFAULT_FOLDERS.put("sentitems", "Sent Items");
    }

    private final User owner;
    private final MailFolder root;
    private final Map<String, MailFolder> folders = new LinkedHashMap<>();
    private final Map<String, StoredMessage> messages = new LinkedHashMap<>();

    public Mailbox(User owner) {
        this.owner = owner;
        this.root = new MailFolder(Ids.folderId(), "Top of Information Store", null, "msgfolderroot", false, false);
        folders.put(root.id(), root);
        DEFAULT_FOLDERS.forEach((wellKnown, name) -> {
            MailFolder folder = new MailFolder(Ids.folderId(), name, root.id(), wellKnown, false, false);
            folders.put(folder.id(), folder);
        });
    }

    public User owner() {
        return owner;
    }

    public synchronized MailFolder root() {
        return root;
    }

    /** A folder by id or well-known name (case-insensitive), as Graph resolves {@code destinationId}. */
    public synchronized Optional<MailFolder> folder(String idOrWellKnownName) {
        MailFolder byId = folders.get(idOrWellKnownName);
        if (byId != null) {
            return Optional.of(byId);
        }
        String lower = idOrWellKnownName.toLowerCase(Locale.ROOT);
        return folders.values().stream().filter(f -> lower.equals(f.wellKnownName())).findFirst();
    }

    public synchronized List<MailFolder> childFolders(String parentId) {
        return folders.values().stream().filter(f -> parentId.equals(f.parentFolderId())).toList();
    }

    public synchronized List<MailFolder> allFolders() {
        return List.copyOf(folders.values());
    }

    /** Creates a child folder; a sibling with the same display name (case-insensitive) is refused. */
    public synchronized MailFolder createFolder(String parentId, String displayName, boolean isHidden,
                                                boolean createdThroughGraph) {
        if (!folders.containsKey(parentId)) {
            throw new ItemNotFoundException(parentId);
        }
        boolean exists = childFolders(parentId).stream()
                .anyMatch(f -> f.displayName().equalsIgnoreCase(displayName));
        if (exists) {
            throw new FolderExistsException(displayName);
        }
        MailFolder folder = new MailFolder(Ids.folderId(), displayName, parentId, null, isHidden, createdThroughGraph);
        folders.put(folder.id(), folder);
        return folder;
    }

    /** A top-level folder by display name, created (as seeded, not app-made) if missing. */
    public synchronized MailFolder seedFolder(String displayName) {
        return childFolders(root.id()).stream()
                .filter(f -> f.displayName().equalsIgnoreCase(displayName))
                .findFirst()
                .orElseGet(() -> createFolder(root.id(), displayName, false, false));
    }

    public synchronized Optional<StoredMessage> message(String id) {
        return Optional.ofNullable(messages.get(id));
    }

    /** A copy of every message, in insertion order. */
    public synchronized List<StoredMessage> messages() {
        return new ArrayList<>(messages.values());
    }

    public synchronized int messageCount() {
        return messages.size();
    }

    /** Adds a message (seeding or new delivery) to a folder. */
    public synchronized StoredMessage deliver(byte[] mime, Instant received, String folderId, boolean isRead,
                                              boolean plantedThreat) {
        if (!folders.containsKey(folderId)) {
            throw new ItemNotFoundException(folderId);
        }
        Instant now = Instant.now();
        StoredMessage message = new StoredMessage(Ids.messageId(), Ids.changeKey(), folderId, new MessageContent(mime),
                received, received.isBefore(now) ? received : now, now, isRead, plantedThreat, ORDER.incrementAndGet());
        messages.put(message.id(), message);
        return message;
    }

    /**
     * Moves a message: the copy in the destination gets a new id and change key, the original
     * id stops existing (Graph's documented behaviour).
     */
    public synchronized StoredMessage move(String messageId, String destinationFolderId) {
        StoredMessage original = messages.get(messageId);
        if (original == null) {
            throw new ItemNotFoundException(messageId);
        }
        if (!folders.containsKey(destinationFolderId)) {
            throw new ItemNotFoundException(destinationFolderId);
        }
        StoredMessage moved = new StoredMessage(Ids.messageId(), Ids.changeKey(), destinationFolderId,
                original.content(), original.receivedDateTime(), original.createdDateTime(),
                Instant.now(), original.isRead(), original.plantedThreat(), original.orderKey());
        messages.remove(messageId);
        messages.put(moved.id(), moved);
        return moved;
    }

    public synchronized boolean delete(String messageId) {
        return messages.remove(messageId) != null;
    }

    /** The folder and all folders below it. */
    public synchronized List<String> subtree(String folderId) {
        List<String> result = new ArrayList<>();
        result.add(folderId);
        for (int i = 0; i < result.size(); i++) {
            String parent = result.get(i);
            folders.values().stream().filter(f -> parent.equals(f.parentFolderId())).forEach(f -> result.add(f.id()));
        }
        return result;
    }
}
