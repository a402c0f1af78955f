package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.DirectoryGroup;
import com.mailmoat.core.microsoft.DirectoryUser;
import com.mailmoat.core.microsoft.TenantDomain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static com.mailmoat.adapters.m365.TestTenant.ADMIN;
import static com.mailmoat.adapters.m365.TestTenant.ALICE;
import static com.mailmoat.adapters.m365.TestTenant.BOB;
import static com.mailmoat.adapters.m365.TestTenant.ROBOT;
import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static com.mailmoat.adapters.m365.TestTenant.TRIAL_TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** The directory gateway, with the real Graph SDK and MSAL4J over HTTPS, against the simulator. */
@ExtendWith(SharedSimulator.class)
class DirectoryContractTest {
    private DirectoryGateway directory;

    @BeforeEach
    void setUp() {
        SharedSimulator.simulator().faults().reset();
        directory = SharedSimulator.adapters(new RequestLog()).directory();
    }

    @Test
    void listsEveryUserWithOrWithoutMailbox() {
        List<DirectoryUser> users = directory.listUsers(TENANT_ID);

        assertThat(users).extracting(DirectoryUser::userPrincipalName).containsExactlyInAnyOrder(ADMIN, ALICE, BOB, ROBOT);
        assertThat(users).filteredOn(user -> user.userPrincipalName().equals(ROBOT)).singleElement()
                .satisfies(robot -> assertThat(robot.hasMail()).isFalse());
        assertThat(users).filteredOn(user -> user.userPrincipalName().equals(ALICE)).singleElement()
                .satisfies(alice -> assertThat(alice.displayName()).isEqualTo("Alice Archer"));
    }

    @Test
    void listsGroupsAndTheirMembers() {
        List<DirectoryGroup> groups = directory.listGroups(TENANT_ID);
        assertThat(groups).extracting(DirectoryGroup::displayName).containsExactlyInAnyOrder(TestTenant.GROUP, "Everyone");

        DirectoryGroup finance = groups.stream().filter(g -> g.displayName().equals(TestTenant.GROUP)).findFirst().orElseThrow();
        assertThat(directory.listGroupMembers(TENANT_ID, finance.id()))
                .extracting(DirectoryUser::userPrincipalName).containsExactlyInAnyOrder(ALICE, BOB);
    }

    @Test
    void detectsAMicrosoftTrialTenant() {
        assertThat(directory.isTrialTenant(TRIAL_TENANT_ID)).isTrue();
        assertThat(directory.isTrialTenant(TENANT_ID)).isFalse();
        assertThat(directory.listSubscriptions(TENANT_ID)).isNotEmpty();
    }

    @Test
    void listsTheTenantsDomains() {
        assertThat(directory.listDomains(TENANT_ID)).extracting(TenantDomain::name)
                .containsExactlyInAnyOrder(TestTenant.DOMAIN, "contosotest.onmicrosoft.com");
        assertThat(directory.listDomains(TENANT_ID)).filteredOn(TenantDomain::isInitial)
                .extracting(TenantDomain::name).containsExactly("contosotest.onmicrosoft.com");
    }

    @Test
    void readsTheOrganizationsDisplayName() {
        assertThat(directory.organizationName(TENANT_ID)).isPresent().get().asString().isNotBlank();
    }

    @Test
    void findsTheGlobalAdministratorRole() {
        String adminId = userId(ADMIN);
        String aliceId = userId(ALICE);

        assertThat(directory.directoryRoleTemplateIds(TENANT_ID, adminId))
                .contains(DirectoryGateway.GLOBAL_ADMINISTRATOR_ROLE_TEMPLATE_ID);
        assertThat(directory.directoryRoleTemplateIds(TENANT_ID, aliceId))
                .doesNotContain(DirectoryGateway.GLOBAL_ADMINISTRATOR_ROLE_TEMPLATE_ID);
    }

    private String userId(String upn) {
        return directory.listUsers(TENANT_ID).stream().filter(u -> u.userPrincipalName().equals(upn)).findFirst()
                .orElseThrow().id();
    }
}
