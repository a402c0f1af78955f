package com.mailmoat.testkit;

import com.mailmoat.core.recipients.AlertRecipient;
import com.mailmoat.core.recipients.AlertRecipientRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accounts' alert recipients in memory, one per (account, address) like the DynamoDB items. */
public final class InMemoryAlertRecipients implements AlertRecipientRepository {
    private final Map<String, AlertRecipient> byKey = new LinkedHashMap<>();

    private static String key(AlertRecipient recipient) {
        return recipient.accountId() + "\n" + recipient.email();
    }

    @Override
    public synchronized List<AlertRecipient> list(String accountId) {
        List<AlertRecipient> found = new ArrayList<>();
        for (AlertRecipient recipient : byKey.values()) {
            if (recipient.accountId().equals(accountId)) {
                found.add(recipient);
            }
        }
        found.sort(Comparator.comparing(AlertRecipient::addedAt));
        return found;
    }

    @Override
    public synchronized boolean add(AlertRecipient recipient) {
        return byKey.putIfAbsent(key(recipient), recipient) == null;
    }

    @Override
    public synchronized boolean replace(AlertRecipient current, AlertRecipient next) {
        AlertRecipient stored = byKey.get(key(current));
        if (stored == null || !stored.recipientId().equals(current.recipientId()) || stored.version() != current.version()) {
            return false;
        }
        byKey.put(key(next), next);
        return true;
    }

    @Override
    public synchronized boolean remove(AlertRecipient recipient) {
        AlertRecipient stored = byKey.get(key(recipient));
        if (stored == null || !stored.recipientId().equals(recipient.recipientId())) {
            return false;
        }
        byKey.remove(key(recipient));
        return true;
    }
}
