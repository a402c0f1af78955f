package com.mailmoat.simulator.internal.tenant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One user's mailbox: the default folders, app-created folders and the messages. All methods
 * are thread-safe (one lock per mailbox, like one mailbox per Exchange store). Every message has
 * a REST id that changes when it moves and an immutable id that does not; both find it.
 * Deliveries, moves and deletions are reported to the listener (after the lock is released).
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
    private final Consumer<MailChange> listener;
    private final Map<String, MailFolder> folders = new LinkedHashMap<>();
    private final Map<String, StoredMessage> messages = new LinkedHashMap<>();
    private final Map<String, String> restIdByImmutableId = new HashMap<>();
    /** Moves made through Graph's {@code move} action, per immutable id (not a user's own moves): for tests. */
    private final Map<String, Integer> graphMoves = new HashMap<>();

    public Mailbox(User owner) {
        this(owner, change -> { });
    }

    public Mailbox(User owner, Consumer<MailChange> listener) {
        this.owner = owner;
        this.listener = listener;
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

    /**
     * A folder by id, well-known name or display name (case-insensitive; a top-level folder wins
     * over a deeper one of the same name): how a person points at a folder.
     */
    public synchronized Optional<MailFolder> folderByAnyName(String name) {
        Optional<MailFolder> known = folder(name);
        if (known.isPresent()) {
            return known;
        }
        Optional<MailFolder> top = childFolders(root.id()).stream()
                .filter(f -> f.displayName().equalsIgnoreCase(name)).findFirst();
        if (top.isPresent()) {
            return top;
        }
        return folders.values().stream().filter(f -> f.displayName().equalsIgnoreCase(name)).findFirst();
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

    /** A message by its REST id or its immutable id. */
    public synchronized Optional<StoredMessage> message(String id) {
        StoredMessage byRestId = messages.get(id);
        if (byRestId != null) {
            return Optional.of(byRestId);
        }
        String restId = restIdByImmutableId.get(id);
        return restId == null ? Optional.empty() : Optional.ofNullable(messages.get(restId));
    }

    /** A copy of every message, in insertion order. */
    public synchronized List<StoredMessage> messages() {
        return new ArrayList<>(messages.values());
    }

    public synchronized int messageCount() {
        return messages.size();
    }

    /** Adds a message (seeding or new delivery) to a folder. */
    public StoredMessage deliver(byte[] mime, Instant received, String folderId, boolean isRead,
                                 boolean plantedThreat) {
        StoredMessage message;
        synchronized (this) {
            if (!folders.containsKey(folderId)) {
                throw new ItemNotFoundException(folderId);
            }
            Instant now = Instant.now();
            message = new StoredMessage(Ids.messageId(), Ids.immutableId(), Ids.changeKey(), folderId,
                    new MessageContent(mime), received, received.isBefore(now) ? received : now, now, isRead,
                    plantedThreat, ORDER.incrementAndGet());
            messages.put(message.id(), message);
            restIdByImmutableId.put(message.immutableId(), message.id());
        }
        listener.accept(new MailChange(MailChange.Kind.DELIVERED, this, null, message));
        return message;
    }

    /**
     * Moves a message (found by either id): the copy in the destination gets a new REST id and change
     * key, the original REST id stops existing (Graph's documented behaviour); the immutable id stays.
     */
    public StoredMessage move(String messageId, String destinationFolderId) {
        StoredMessage original;
        StoredMessage moved;
        synchronized (this) {
            original = message(messageId).orElseThrow(() -> new ItemNotFoundException(messageId));
            if (!folders.containsKey(destinationFolderId)) {
                throw new ItemNotFoundException(destinationFolderId);
            }
            moved = new StoredMessage(Ids.messageId(), original.immutableId(), Ids.changeKey(), destinationFolderId,
                    original.content(), original.receivedDateTime(), original.createdDateTime(),
                    Instant.now(), original.isRead(), original.plantedThreat(), original.orderKey());
            messages.remove(original.id());
            messages.put(moved.id(), moved);
            restIdByImmutableId.put(moved.immutableId(), moved.id());
        }
        listener.accept(new MailChange(MailChange.Kind.MOVED, this, original, moved));
        return moved;
    }

    /** Counts one move applied through Graph's {@code move} action (also one answered with an error after it). */
    public synchronized void countGraphMove(String immutableId) {
        graphMoves.merge(immutableId, 1, Integer::sum);
    }

    /** How many Graph moves were applied to the message (by its immutable id). */
    public synchronized int graphMoves(String immutableId) {
        return graphMoves.getOrDefault(immutableId, 0);
    }

    /** Deletes a message for good (found by either id); false if there is no such message. */
    public boolean delete(String messageId) {
        StoredMessage removed;
        synchronized (this) {
            removed = message(messageId).orElse(null);
            if (removed == null) {
                return false;
            }
            messages.remove(removed.id());
            restIdByImmutableId.remove(removed.immutableId());
        }
        listener.accept(new MailChange(MailChange.Kind.DELETED, this, removed, null));
        return true;
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

    /** A folder's display name (null for an unknown id). */
    public synchronized String folderName(String folderId) {
        MailFolder folder = folders.get(folderId);
        return folder == null ? null : folder.displayName();
    }
}
