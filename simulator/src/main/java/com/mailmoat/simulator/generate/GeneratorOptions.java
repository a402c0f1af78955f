package com.mailmoat.simulator.generate;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link TenantGenerator} writes.
 *
 * @param seed                     makes the output repeatable (same seed and {@code now}: same bytes)
 * @param mailboxes                number of users with a mailbox (the first is the Global Administrator)
 * @param days                     how far back received times go; all are inside {@code (now - days, now]}
 * @param messagesPerMailboxPerDay average received messages per mailbox per weekday (weekends get fewer)
 * @param threatsPerMailbox        average planted threats per mailbox over the whole period
 * @param domain                   the tenant's mail domain (use a {@code .example} domain)
 * @param displayName              the organization's name
 * @param tenantId                 the tenant GUID, or null to derive one from seed and domain
 * @param trial                    whether {@code /directory/subscriptions} reports a trial
 * @param now                      the moment received times are relative to
 */
public record GeneratorOptions(long seed, int mailboxes, int days, double messagesPerMailboxPerDay,
                               double threatsPerMailbox, String domain, String displayName, String tenantId,
                               boolean trial, Instant now) {

    public GeneratorOptions {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(displayName, "displayName");
        now = now == null ? Instant.now() : now;
        if (mailboxes < 1 || mailboxes > People.capacity()) {
            throw new IllegalArgumentException("mailboxes must be between 1 and " + People.capacity());
        }
        if (days < 1 || messagesPerMailboxPerDay < 0 || threatsPerMailbox < 0) {
            throw new IllegalArgumentException("days must be positive and rates must not be negative");
        }
    }

    /** 25 mailboxes × 30 days of {@code contoso-demo.example}, seed 42, relative to now. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(42, 25, 30, 4, 4, "contoso-demo.example", "Contoso Demo", null, false, null);
    }

    public GeneratorOptions withSeed(long value) {
        return new GeneratorOptions(value, mailboxes, days, messagesPerMailboxPerDay, threatsPerMailbox, domain,
                displayName, tenantId, trial, now);
    }

    public GeneratorOptions withMailboxes(int value) {
        return new GeneratorOptions(seed, value, days, messagesPerMailboxPerDay, threatsPerMailbox, domain,
                displayName, tenantId, trial, now);
    }

    public GeneratorOptions withDays(int value) {
        return new GeneratorOptions(seed, mailboxes, value, messagesPerMailboxPerDay, threatsPerMailbox, domain,
                displayName, tenantId, trial, now);
    }

    public GeneratorOptions withMessagesPerMailboxPerDay(double value) {
        return new GeneratorOptions(seed, mailboxes, days, value, threatsPerMailbox, domain, displayName, tenantId,
                trial, now);
    }

    public GeneratorOptions withThreatsPerMailbox(double value) {
        return new GeneratorOptions(seed, mailboxes, days, messagesPerMailboxPerDay, value, domain, displayName,
                tenantId, trial, now);
    }

    public GeneratorOptions withDomain(String value, String name) {
        return new GeneratorOptions(seed, mailboxes, days, messagesPerMailboxPerDay, threatsPerMailbox, value, name,
                tenantId, trial, now);
    }

    public GeneratorOptions withTenantId(String value) {
        return new GeneratorOptions(seed, mailboxes, days, messagesPerMailboxPerDay, threatsPerMailbox, domain,
                displayName, value, trial, now);
    }

    public GeneratorOptions withTrial(boolean value) {
        return new GeneratorOptions(seed, mailboxes, days, messagesPerMailboxPerDay, threatsPerMailbox, domain,
                displayName, tenantId, value, now);
    }

    public GeneratorOptions withNow(Instant value) {
        return new GeneratorOptions(seed, mailboxes, days, messagesPerMailboxPerDay, threatsPerMailbox, domain,
                displayName, tenantId, trial, value);
    }
}
