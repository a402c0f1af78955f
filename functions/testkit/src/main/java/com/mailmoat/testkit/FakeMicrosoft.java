package com.mailmoat.testkit;

import com.mailmoat.core.microsoft.CompanySubscription;
import com.mailmoat.core.microsoft.ConsentGateway;
import com.mailmoat.core.microsoft.ConsentRejectedException;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.DirectoryGroup;
import com.mailmoat.core.microsoft.DirectoryUser;
import com.mailmoat.core.microsoft.SignInRequest;
import com.mailmoat.core.microsoft.SignedInUser;
import com.mailmoat.core.microsoft.TenantDomain;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft at the ports, for unit tests: sign-in always succeeds as {@code admin@contoso.example}
 * of {@link #TENANT} with {@link #roles}; the directory holds what the test puts in it. (Integration
 * tests use the simulator over HTTPS instead.)
 */
public final class FakeMicrosoft implements ConsentGateway, DirectoryGateway {
    public static final String TENANT = "5a0c6d3e-1b2f-4c8d-9e7a-0f1e2d3c4b5a";
    private static final String VERIFIER = "verifier";
    private static final String NONCE = "nonce";

    public Set<String> roles = Set.of(GLOBAL_ADMINISTRATOR_ROLE_TEMPLATE_ID);
    public boolean trial;
    /** The organization's display name; null answers none, and {@link #organizationFails} a failure. */
    public String organizationName = "Contoso";
    public boolean organizationFails;
    public final List<DirectoryUser> users = new ArrayList<>();
    public final Map<DirectoryGroup, List<DirectoryUser>> groups = new LinkedHashMap<>();

    @Override
    public SignInRequest startSignIn(String state) {
        return new SignInRequest(URI.create("https://login.example/authorize?state=" + state), state, NONCE, VERIFIER);
    }

    @Override
    public SignedInUser completeSignIn(String code, String codeVerifier, String expectedNonce) {
        if (!VERIFIER.equals(codeVerifier) || !NONCE.equals(expectedNonce)) {
            throw new ConsentRejectedException(ConsentRejectedException.Reason.CODE_REJECTED, "PKCE verifier or nonce lost");
        }
        return new SignedInUser("oid-1", TENANT, "admin@contoso.example", "Admin", roles);
    }

    @Override
    public URI adminConsentUrl(String tenantId, String state) {
        return URI.create("https://login.example/" + tenantId + "/adminconsent?state=" + state);
    }

    @Override
    public List<CompanySubscription> listSubscriptions(String tenantId) {
        return List.of(new CompanySubscription("O365_BUSINESS_PREMIUM", "Enabled", trial));
    }

    @Override
    public java.util.Optional<String> organizationName(String tenantId) {
        if (organizationFails) {
            throw new com.mailmoat.core.microsoft.MicrosoftUnavailableException("organization unavailable", 503, null);
        }
        return java.util.Optional.ofNullable(organizationName);
    }

    @Override
    public List<TenantDomain> listDomains(String tenantId) {
        return List.of(new TenantDomain("contoso.example", true, false, true),
                new TenantDomain("contoso.onmicrosoft.example", false, true, false));
    }

    @Override
    public List<DirectoryUser> listUsers(String tenantId) {
        return List.copyOf(users);
    }

    @Override
    public List<DirectoryGroup> listGroups(String tenantId) {
        return List.copyOf(groups.keySet());
    }

    @Override
    public List<DirectoryUser> listGroupMembers(String tenantId, String groupId) {
        return groups.entrySet().stream().filter(e -> e.getKey().id().equals(groupId))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    @Override
    public Set<String> directoryRoleTemplateIds(String tenantId, String userId) {
        return roles;
    }
}
