package com.mailmoat.simulator.internal.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** All tenants loaded into one simulator, in load order. */
public final class TenantRegistry {

    private final List<Tenant> tenants = new CopyOnWriteArrayList<>();

    public void add(Tenant tenant) {
        if (byId(tenant.tenantId()).isPresent()) {
            throw new IllegalArgumentException("Tenant " + tenant.tenantId() + " is already loaded");
        }
        tenants.add(tenant);
    }

    public Optional<Tenant> byId(String tenantId) {
        return tenants.stream().filter(t -> t.tenantId().equalsIgnoreCase(tenantId)).findFirst();
    }

    /** A tenant by GUID or by one of its domains, as the login endpoints accept either. */
    public Optional<Tenant> resolve(String idOrDomain) {
        return tenants.stream().filter(t -> t.answersTo(idOrDomain)).findFirst();
    }

    public List<Tenant> all() {
        return new ArrayList<>(tenants);
    }
}
