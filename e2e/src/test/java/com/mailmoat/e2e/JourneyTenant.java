package com.mailmoat.e2e;

import com.mailmoat.simulator.generate.GeneratedTenant;
import com.mailmoat.simulator.generate.GeneratorOptions;
import com.mailmoat.simulator.generate.TenantGenerator;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The browser journey's Microsoft 365 tenant: three mailboxes with 30 days of mail and a few
 * planted threats, so its first Threat Scan finds something to remove within seconds. Generated
 * under target/ before the local runtime starts, and connected only by the browser journey.
 */
final class JourneyTenant {
    static final String TENANT_ID = "5e1f0c2a-7b3d-4c8e-9a10-0b2c3d4e5f60";
    static final String DOMAIN = "wingtip-journey.example";
    static final String NAME = "Wingtip Toys";
    private static GeneratedTenant generated;

    private JourneyTenant() {
    }

    static synchronized Path generate() {
        if (generated == null) {
            generated = TenantGenerator.generate(Path.of("target", "tenants", "journey").toAbsolutePath(),
                    GeneratorOptions.defaults().withSeed(11).withMailboxes(3).withMessagesPerMailboxPerDay(2)
                            .withThreatsPerMailbox(3).withDomain(DOMAIN, NAME).withTenantId(TENANT_ID)
                            .withNow(Instant.now()));
        }
        return generated.dir();
    }

    /** Its Global Administrator's user principal name. */
    static String admin() {
        generate();
        return generated.globalAdmin();
    }
}
