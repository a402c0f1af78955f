package com.mailmoat.simulator.generate;

import java.nio.file.Path;

/**
 * What the generator wrote: where, the tenant id, its Global Administrator and the counts.
 *
 * @param plantedThreats messages written with {@code "threat": true}
 */
public record GeneratedTenant(Path dir, String tenantId, String globalAdmin, int mailboxes, int messages,
                              int plantedThreats) {
}
