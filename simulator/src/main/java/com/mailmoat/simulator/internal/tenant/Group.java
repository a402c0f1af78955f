package com.mailmoat.simulator.internal.tenant;

import java.util.List;

/** A directory group as seeded from {@code groups.json}; members are user ids. */
public record Group(String id, String displayName, String description, String mail, boolean mailEnabled,
                    boolean securityEnabled, List<String> groupTypes, List<String> memberIds) {
}
