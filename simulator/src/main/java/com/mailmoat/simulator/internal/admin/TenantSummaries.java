package com.mailmoat.simulator.internal.admin;

import com.mailmoat.simulator.TenantSummary;
import com.mailmoat.simulator.internal.tenant.ChurnLog;
import com.mailmoat.simulator.internal.tenant.MailFolder;
import com.mailmoat.simulator.internal.tenant.Mailbox;
import com.mailmoat.simulator.internal.tenant.StoredMessage;
import com.mailmoat.simulator.internal.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Computes a {@link TenantSummary}; the only reader of the seed's planted-threat flag. */
public final class TenantSummaries {

    private TenantSummaries() {
    }

    public static TenantSummary summarize(Tenant tenant, int subscriptions) {
        Instant windowStart = Instant.now().minus(Duration.ofDays(30));
        int messages = 0;
        int recent = 0;
        int threats = 0;
        int quarantined = 0;
        List<Mailbox> mailboxes = tenant.mailboxes();
        for (Mailbox mailbox : mailboxes) {
            Set<String> quarantineFolders = quarantineFolders(mailbox);
            for (StoredMessage message : mailbox.messages()) {
                messages++;
                boolean inQuarantine = quarantineFolders.contains(message.folderId());
                if (!message.receivedDateTime().isBefore(windowStart) && !inQuarantine) {
                    recent++;
                }
                if (message.plantedThreat()) {
                    threats++;
                }
                if (inQuarantine) {
                    quarantined++;
                }
            }
        }
        Map<String, TenantSummary.MailboxRequests> byMailbox = new LinkedHashMap<>();
        tenant.counters().byMailbox().forEach((upn, counts) ->
                byMailbox.put(upn, new TenantSummary.MailboxRequests(counts.graphRequests(), counts.mimeFetches())));
        ChurnLog log = tenant.churn();
        TenantSummary.Churn churn = new TenantSummary.Churn(
                log.moved().stream().map(m -> new TenantSummary.ChurnEvent(m.userPrincipalName(), m.immutableId(),
                        m.fromId(), m.toId(), m.folder())).toList(),
                log.deleted().stream().map(d -> new TenantSummary.ChurnEvent(d.userPrincipalName(), d.immutableId(),
                        d.id(), null, null)).toList(),
                log.delivered().stream().map(d -> new TenantSummary.ChurnEvent(d.userPrincipalName(), d.immutableId(),
                        d.id(), null, null)).toList());
        int rules = tenant.exchange().rules().size();
        int mailmoatRules = (int) tenant.exchange().rules().stream()
                .filter(r -> r.name().toLowerCase(Locale.ROOT).startsWith("mailmoat")).count();
        return new TenantSummary(tenant.tenantId(), mailboxes.size(), messages, recent, threats, quarantined,
                tenant.counters().graphRequests(), tenant.counters().mimeFetches(), byMailbox, churn, subscriptions,
                rules, mailmoatRules, load(tenant.counters().load()));
    }

    /** Folders an app created whose name starts with "Mailmoat" or "Quarantine", and every folder below one. */
    public static Set<String> quarantineFolders(Mailbox mailbox) {
        Set<String> result = new HashSet<>();
        for (MailFolder folder : mailbox.allFolders()) {
            if (isQuarantine(folder)) {
                result.addAll(mailbox.subtree(folder.id()));
            }
        }
        return result;
    }

    private static boolean isQuarantine(MailFolder folder) {
        String name = folder.displayName().toLowerCase(Locale.ROOT);
        return folder.createdThroughGraph() && (name.startsWith("mailmoat") || name.startsWith("quarantine"));
    }

    private static TenantSummary.Load load(com.mailmoat.simulator.internal.tenant.TenantCounters.Load load) {
        return new TenantSummary.Load(load.peakInFlight(), load.peakInFlightPerMailbox(), load.concurrencyRefusals(),
                load.budgetRefusals());
    }
}
