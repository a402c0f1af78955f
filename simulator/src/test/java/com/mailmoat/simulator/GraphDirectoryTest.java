package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.TRIAL;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GraphDirectoryTest {

    private static Simulator simulator;
    private static SimHttp http;
    private static String token;
    private static String trialToken;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        String trialId = simulator.loadTenant(TRIAL);
        simulator.grantConsent(FABRIKAM_ID);
        simulator.grantConsent(trialId);
        http = new SimHttp(simulator);
        token = http.appToken(FABRIKAM_ID);
        trialToken = http.appToken(trialId);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void usersListHasTheDocumentedDefaultPropertiesAndContext() {
        JsonNode page = json(http.get(http.graph("/users"), token).body());
        assertThat(page.get("@odata.context").asText()).isEqualTo(simulator.graphBaseUrl() + "/$metadata#users");
        assertThat(page.get("value")).hasSize(3);
        JsonNode admin = page.get("value").get(0);
        List<String> fields = new ArrayList<>();
        admin.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("businessPhones", "displayName", "givenName", "jobTitle", "mail",
                "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");
        assertThat(page.get("value").get(2).get("mail").isNull()).isTrue();
    }

    @Test
    void selectTopAndSkiptokenPaging() {
        String url = http.graph("/users?$select=id,mail,userPrincipalName&$top=2");
        JsonNode first = json(http.get(url, token).body());
        assertThat(first.get("@odata.context").asText()).endsWith("/$metadata#users(id,mail,userPrincipalName)");
        assertThat(first.get("value")).hasSize(2);
        assertThat(first.get("value").get(0).has("displayName")).isFalse();
        String next = first.get("@odata.nextLink").asText();
        assertThat(next).contains("$skiptoken=").contains("$top=2").contains("$select=id,mail,userPrincipalName");
        JsonNode second = json(http.get(next, token).body());
        assertThat(second.get("value")).hasSize(1);
        assertThat(second.has("@odata.nextLink")).isFalse();
    }

    @Test
    void mailEqualityIsABasicFilterButEndsWithNeedsTheAdvancedQueryParameters() {
        JsonNode byMail = json(http.get(http.graph("/users?$filter=mail eq 'PAT.LEE@fabrikam-test.example'"), token)
                .body());
        assertThat(byMail.get("value")).hasSize(1);
        assertThat(byMail.has("@odata.count")).isFalse();

        HttpResponse<String> refused = http.get(http.graph("/users?$filter=endswith(mail,'@fabrikam-test.example')"),
                token);
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json(refused.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("Request_UnsupportedQuery");
        assertThat(error.get("message").asText()).startsWith("Operator 'endsWith' is not supported");
        assertThat(error.get("innerError").has("request-id")).isTrue();

        JsonNode advanced = json(http.get(http.graph("/users?$filter=endswith(mail,'@fabrikam-test.example')"
                + "&$count=true"), token, "ConsistencyLevel", "eventual").body());
        assertThat(advanced.get("@odata.count").asInt()).isEqualTo(2);
        assertThat(advanced.get("value")).hasSize(2);

        JsonNode notNull = json(http.get(http.graph("/users?$filter=mail ne null&$count=true&$select=id,mail"), token,
                "ConsistencyLevel", "eventual").body());
        assertThat(notNull.get("@odata.count").asInt()).isEqualTo(2);
    }

    @Test
    void countSegmentAndSearchNeedConsistencyLevel() {
        HttpResponse<String> noHeader = http.get(http.graph("/users/$count"), token);
        assertThat(noHeader.statusCode()).isEqualTo(400);
        assertThat(json(noHeader.body()).get("error").get("message").asText()).isEqualTo("$count is not currently supported.");
        HttpResponse<String> counted = http.get(http.graph("/users/$count"), token, "ConsistencyLevel", "eventual");
        assertThat(counted.body()).isEqualTo("3");
        assertThat(counted.headers().firstValue("Content-Type")).hasValue("text/plain");

        HttpResponse<String> search = http.get(http.graph("/users?$search=\"displayName:pat\""), token);
        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(json(search.body()).get("error").get("code").asText()).isEqualTo("Request_UnsupportedQuery");
    }

    @Test
    void memberOfShowsGlobalAdministratorAsADirectoryRoleWithItsTemplateId() {
        JsonNode admin = json(http.get(http.graph("/users/admin@fabrikam-test.example/memberOf"), token).body());
        assertThat(admin.get("@odata.context").asText()).endsWith("/$metadata#directoryObjects");
        JsonNode role = admin.get("value").get(0);
        assertThat(role.get("@odata.type").asText()).isEqualTo("#microsoft.graph.directoryRole");
        assertThat(role.get("displayName").asText()).isEqualTo("Global Administrator");
        assertThat(role.get("roleTemplateId").asText()).isEqualTo("62e90394-69f5-4237-9190-012177145e10");

        JsonNode pat = json(http.get(http.graph("/users/9f1c2b3a-0000-4000-8000-000000000002/memberOf"), token).body());
        List<String> types = new ArrayList<>();
        pat.get("value").forEach(o -> types.add(o.get("@odata.type").asText()));
        assertThat(types).containsOnly("#microsoft.graph.group").hasSize(2);
    }

    @Test
    void groupsAndMembers() {
        JsonNode groups = json(http.get(http.graph("/groups"), token).body());
        assertThat(groups.get("@odata.context").asText()).endsWith("/$metadata#groups");
        assertThat(groups.get("value")).hasSize(2);
        JsonNode finance = groups.get("value").get(0);
        assertThat(finance.get("displayName").asText()).isEqualTo("Finance");
        assertThat(finance.get("mail").asText()).isEqualTo("finance@fabrikam-test.example");
        assertThat(finance.has("groupTypes") && finance.has("securityEnabled")).isTrue();

        JsonNode members = json(http.get(http.graph("/groups/" + finance.get("id").asText() + "/members"), token).body());
        assertThat(members.get("@odata.context").asText()).endsWith("/$metadata#directoryObjects");
        assertThat(members.get("value").get(0).get("@odata.type").asText()).isEqualTo("#microsoft.graph.user");
        assertThat(members.get("value").get(0).get("userPrincipalName").asText()).isEqualTo("pat.lee@fabrikam-test.example");
    }

    @Test
    void organizationDomainsAndSubscriptionsDescribeTheTenant() {
        JsonNode organization = json(http.get(http.graph("/organization"), token).body()).get("value").get(0);
        assertThat(organization.get("id").asText()).isEqualTo(FABRIKAM_ID);
        assertThat(organization.get("displayName").asText()).isEqualTo("Fabrikam Test");
        assertThat(organization.get("verifiedDomains").get(0).get("name").asText()).isEqualTo("fabrikam-test.example");

        JsonNode domain = json(http.get(http.graph("/domains"), token).body()).get("value").get(0);
        assertThat(domain.get("id").asText()).isEqualTo("fabrikam-test.example");
        assertThat(domain.get("isDefault").asBoolean()).isTrue();

        JsonNode paid = json(http.get(http.graph("/directory/subscriptions"), token).body()).get("value").get(0);
        assertThat(paid.get("isTrial").asBoolean()).isFalse();
        assertThat(paid.get("status").asText()).isEqualTo("Enabled");
        JsonNode trial = json(http.get(http.graph("/directory/subscriptions"), trialToken).body()).get("value").get(0);
        assertThat(trial.get("isTrial").asBoolean()).isTrue();
    }

    @Test
    void tokensOnlySeeTheirOwnTenantAndUnknownSegmentsAreBadRequests() {
        HttpResponse<String> otherTenantsUser = http.get(http.graph("/users/admin@fabrikam-test.example"), trialToken);
        assertThat(otherTenantsUser.statusCode()).isEqualTo(404);
        assertThat(json(otherTenantsUser.body()).get("error").get("code").asText()).isEqualTo("Request_ResourceNotFound");
        HttpResponse<String> unknown = http.get(http.graph("/teamwork"), token);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).get("error").get("message").asText())
                .isEqualTo("Resource not found for the segment 'teamwork'.");
    }
}
