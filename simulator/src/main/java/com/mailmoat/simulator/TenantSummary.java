package com.mailmoat.simulator;

/**
 * A tenant's state at a glance, as {@code GET /_sim/tenants/{tenantId}/summary} returns it.
 *
 * @param mailboxes          users with a mailbox
 * @param messages           messages in all mailboxes and folders
 * @param messagesLast30Days messages received in the last 30 days (what a Threat Scan covers)
 * @param plantedThreats     messages the seed marked {@code "threat": true} (wherever they are now)
 * @param quarantined        messages now inside a folder an app created through Graph whose display
 *                           name starts with "Mailmoat" or "Quarantine" (case-insensitive), or inside
 *                           any folder below one: where Mailmoat's removal puts mail
 */
public record TenantSummary(String tenantId, int mailboxes, int messages, int messagesLast30Days, int plantedThreats,
                            int quarantined) {
}
