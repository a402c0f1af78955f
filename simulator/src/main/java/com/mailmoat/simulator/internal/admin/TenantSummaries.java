package com.mailmoat.simulator.internal.admin;

import com.mailmoat.simulator.TenantSummary;
import com.mailmoat.simulator.internal.tenant.MailFolder;
import com.mailmoat.simulator.internal.tenant.Mailbox;
import com.mailmoat.simulator.internal.tenant.StoredMessage;
import com.mailmoat.simulator.internal.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Computes a {@link TenantSummary}; the only reader of the seed's planted-threat flag. */
public final class TenantSummaries {

    private TenantSummaries() {
    }

    public static TenantSummary summarize(Tenant tenant) {
        Instant windowStart = Instant.now().minus(Duration.ofDays(30));
        int messages = 0;
        int recent = 0;
        int threats = 0;
        int quarantined = 0;
        List<Mailbox> mailboxes = tenant.mailboxes();
        for (Mailbox mailbox : mailboxes) {
            Set<String> quarantineFolders = new HashSet<>();
            for (MailFolder folder : mailbox.allFolders()) {
                if (isQuarantine(folder)) {
                    quarantineFolders.addAll(mailbox.subtree(folder.id()));
                }
            }
            for (StoredMessage message : mailbox.messages()) {
                messages++;
                if (!message.receivedDateTime().isBefore(windowStart)) {
                    recent++;
                }
                if (message.plantedThreat()) {
                    threats++;
                }
                if (quarantineFolders.contains(message.folderId())) {
                    quarantined++;
                }
            }
        }
        return new TenantSummary(tenant.tenantId(), mailboxes.size(), messages, recent, threats, quarantined);
    }

    private static boolean isQuarantine(MailFolder folder) {
        String name = folder.displayName().toLowerCase(Locale.ROOT);
        return folder.createdThroughGraph() && (name.startsWith("mailmoat") || name.startsWith("quarantine"));
    }
}
