package com.mailmoat.core.microsoft;

import java.util.Objects;

/**
 * A domain registered in a tenant ({@code GET /domains}); the verified ones are the tenant's
 * own domains for impersonation checks and the internal-domain setup.
 *
 * @param name      the domain name, lower case (Graph's domain {@code id})
 * @param isDefault the tenant's default domain for new users
 * @param isInitial the {@code *.onmicrosoft.com} domain Microsoft created with the tenant
 * @param isVerified ownership proven by DNS
 */
public record TenantDomain(String name, boolean isDefault, boolean isInitial, boolean isVerified) {
    public TenantDomain {
        Objects.requireNonNull(name, "name");
        name = name.toLowerCase(java.util.Locale.ROOT);
    }
}
