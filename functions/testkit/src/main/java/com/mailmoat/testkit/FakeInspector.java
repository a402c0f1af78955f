package com.mailmoat.testkit;

import com.mailmoat.core.detection.Assessment;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.MessageInspector;
import com.mailmoat.core.detection.TenantProfile;
import com.mailmoat.core.detection.ThreatLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Judges by marker words: a body with "MALWARE" is malicious, with "PHISH" suspicious, else clean. */
public final class FakeInspector implements MessageInspector {
    public final AtomicInteger inspected = new AtomicInteger();

    @Override
    public Assessment inspect(byte[] mime, TenantProfile tenant) {
        inspected.incrementAndGet();
        String text = new String(mime, StandardCharsets.UTF_8);
        if (text.contains("MALWARE")) {
            return new Assessment(ThreatLevel.MALICIOUS, 9, Set.of("MALWARE"),
                    List.of(new Evidence("attachment", "ATT_TEST", "A test marker", "MALWARE", 9)));
        }
        if (text.contains("PHISH")) {
            return new Assessment(ThreatLevel.SUSPICIOUS, 5, Set.of("PHISHING"),
                    List.of(new Evidence("language", "LANG_TEST", "A test marker", "PHISH", 5)));
        }
        return new Assessment(ThreatLevel.CLEAN, 0, Set.of(), List.of());
    }
}
