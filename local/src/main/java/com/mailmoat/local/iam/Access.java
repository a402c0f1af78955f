package com.mailmoat.local.iam;

import java.util.List;

/**
 * One authorisation an AWS call needs: {@code action} on a resource. A call whose resource AWS
 * may name in more than one way (an SES sender: its address or its domain identity) lists each;
 * an allow on any one of them will do.
 */
public record Access(String action, List<String> resources) {
    public Access {
        resources = List.copyOf(resources);
    }

    public Access(String action, String resource) {
        this(action, List.of(resource));
    }

    /** The resource a denial names: the first. */
    public String resource() {
        return resources.get(0);
    }
}
