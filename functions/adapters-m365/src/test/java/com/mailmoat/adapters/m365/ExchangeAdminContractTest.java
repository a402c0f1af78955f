package com.mailmoat.adapters.m365;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.exchange.BlockedSenders;
import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.exchange.ExchangeCommandException;
import com.mailmoat.core.exchange.ExchangeRoleMissingException;
import com.mailmoat.core.exchange.MailmoatRules;
import com.mailmoat.core.exchange.TransportRule;
import com.mailmoat.core.exchange.TransportRuleSync;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.microsoft.TenantAccess;
import com.mailmoat.core.policy.TargetedTo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Exchange Online admin adapter (InvokeCommand, app-only MSAL tokens) against the simulator. */
@ExtendWith(SharedSimulator.class)
class ExchangeAdminContractTest {
    private String tenantId;
    private ExchangeAdmin exchange;
    private TenantAccess access;

    @BeforeEach
    void freshTenant() {
        SharedSimulator.simulator().faults().reset();
        tenantId = UUID.randomUUID().toString();
        String domain = "t" + tenantId.substring(0, 8) + ".example";
        try {
            Path dir = Files.createTempDirectory("exchange-tenant");
            Files.writeString(dir.resolve("tenant.json"), """
                    {"tenantId": "%s", "displayName": "Exchange Test", "domains": ["%s"], "isTrial": false,
                     "globalAdmins": ["admin@%s"],
                     "transportRules": [
                       {"Name": "Disclaimer", "Priority": 0, "FromScope": "InOrganization",
                        "ApplyHtmlDisclaimerText": "<p>legal</p>"},
                       {"Name": "Tag external mail", "Priority": 1, "FromScope": "NotInOrganization",
                        "PrependSubject": "[EXTERNAL] "}],
                     "inboundConnectors": [{"Name": "Partner relay", "SenderDomains": ["partner.example"]}]}
                    """.formatted(tenantId, domain, domain));
            Files.writeString(dir.resolve("users.json"), "[{\"userPrincipalName\": \"admin@" + domain
                    + "\", \"mail\": \"admin@" + domain + "\", \"displayName\": \"Admin\"}]");
            SharedSimulator.simulator().loadTenant(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SharedSimulator.simulator().grantConsent(tenantId);
        MicrosoftAdapters adapters = SharedSimulator.adapters(new RequestLog());
        exchange = adapters.exchange();
        access = adapters.tenantAccess();
    }

    @Test
    void readsTheRulesInPriorityOrderWithTheirParameters() {
        List<TransportRule> rules = exchange.transportRules(tenantId);

        assertThat(rules).extracting(TransportRule::name).containsExactly("Disclaimer", "Tag external mail");
        assertThat(rules).extracting(TransportRule::priority).containsExactly(0, 1);
        assertThat(rules.get(1).parameter("PrependSubject")).isEqualTo("[EXTERNAL] ");
        assertThat(rules.get(0).enabled()).isTrue();
        assertThat(rules).noneMatch(TransportRule::isMailmoat);
    }

    @Test
    void aNewRuleAtPriorityZeroPushesTheOthersDownAndRemovingItMovesThemBack() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("From", List.of("evil@phish.example"));
        parameters.put("Quarantine", true);
        TransportRule created = exchange.newTransportRule(tenantId, "Mailmoat - test", 0, parameters);

        assertThat(created.priority()).isZero();
        List<TransportRule> rules = exchange.transportRules(tenantId);
        assertThat(rules).extracting(TransportRule::name).containsExactly("Mailmoat - test", "Disclaimer", "Tag external mail");
        assertThat(rules.get(0).parameter("From")).isEqualTo(List.of("evil@phish.example"));
        assertThat(rules.get(0).has(parameters)).isTrue();

        exchange.setTransportRule(tenantId, "Mailmoat - test", 2, Map.of("From", List.of("other@phish.example")));
        rules = exchange.transportRules(tenantId);
        assertThat(rules).extracting(TransportRule::name).containsExactly("Disclaimer", "Tag external mail", "Mailmoat - test");
        assertThat(rules.get(2).parameter("From")).isEqualTo(List.of("other@phish.example"));

        exchange.removeTransportRule(tenantId, "Mailmoat - test");
        assertThat(exchange.transportRules(tenantId)).extracting(TransportRule::name)
                .containsExactly("Disclaimer", "Tag external mail");
    }

    @Test
    void exchangeRefusalsAreTyped() {
        exchange.newTransportRule(tenantId, "Mailmoat - dup", 0, Map.of("Quarantine", true));
        assertThatThrownBy(() -> exchange.newTransportRule(tenantId, "Mailmoat - dup", 0, Map.of()))
                .isInstanceOfSatisfying(ExchangeCommandException.class, e -> assertThat(e.alreadyExists()).isTrue());
        assertThatThrownBy(() -> exchange.removeTransportRule(tenantId, "No such rule"))
                .isInstanceOfSatisfying(ExchangeCommandException.class, e -> assertThat(e.notFound()).isTrue());
        assertThatThrownBy(() -> exchange.newTransportRule(tenantId, "Mailmoat - far", 9, Map.of()))
                .isInstanceOf(ExchangeCommandException.class);
    }

    @Test
    void readsAcceptedDomainsAndConnectors() {
        assertThat(exchange.acceptedDomains(tenantId)).singleElement().asString().startsWith("t");
        assertThat(exchange.connectors(tenantId)).containsExactly("Partner relay");
    }

    @Test
    void withoutTheExchangePermissionCallsAreRefusedAndTheGrantShowsWhatIsMissing() {
        SharedSimulator.simulator().grantConsent(tenantId, Set.of("User.Read.All", "Mail.Read"));
        access.forgetTokens(tenantId);

        assertThat(access.grantedPermissions(tenantId)).contains("User.Read.All", "Mail.Read")
                .doesNotContain("Exchange.ManageAsApp");
        assertThatThrownBy(() -> exchange.transportRules(tenantId)).isInstanceOf(MicrosoftAccessDeniedException.class)
                .isNotInstanceOf(ExchangeRoleMissingException.class);
    }

    @Test
    void withoutAnExchangeRoleCallsFailAsRoleMissing() {
        assertThat(access.grantedPermissions(tenantId)).contains("Exchange.ManageAsApp", "GroupMember.Read.All");
        SharedSimulator.simulator().setExchangeRoleAssigned(tenantId, false);

        assertThatThrownBy(() -> exchange.transportRules(tenantId)).isInstanceOf(ExchangeRoleMissingException.class);
    }

    @Test
    void theRuleSyncInstallsAtTheTopOnceAndRemovesOnlyMailmoatRules() {
        TransportRuleSync sync = new TransportRuleSync(exchange);
        List<MailmoatRules.DesiredRule> desired = MailmoatRules.desired(TargetedTo.EVERYONE, List.of(),
                new BlockedSenders(List.of("evil@phish.example"), List.of("phish.example")));

        TransportRuleSync.Result first = sync.apply(tenantId, desired, true);
        TransportRuleSync.Result again = sync.apply(tenantId, desired, true);

        assertThat(first.created()).hasSize(2);
        assertThat(again.changedAnything()).isFalse();
        assertThat(exchange.transportRules(tenantId)).extracting(TransportRule::name).containsExactly(
                "Mailmoat - blocked senders", "Mailmoat - blocked domains", "Disclaimer", "Tag external mail");

        List<MailmoatRules.DesiredRule> more = MailmoatRules.desired(TargetedTo.EVERYONE, List.of(),
                new BlockedSenders(List.of("evil@phish.example", "new@bad.example"), List.of("phish.example")));
        TransportRuleSync.Result changed = sync.apply(tenantId, more, false);
        assertThat(changed.changed()).containsExactly("Mailmoat - blocked senders");
        assertThat(exchange.transportRules(tenantId).get(0).parameter("From"))
                .isEqualTo(List.of("evil@phish.example", "new@bad.example"));

        assertThat(sync.removeAll(tenantId)).hasSize(2);
        assertThat(exchange.transportRules(tenantId)).extracting(TransportRule::name)
                .containsExactly("Disclaimer", "Tag external mail");
    }
}
