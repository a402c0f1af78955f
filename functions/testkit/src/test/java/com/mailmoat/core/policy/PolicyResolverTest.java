package com.mailmoat.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Mode;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Policy resolution over a table of cases: overlaps, exceptions, groups, priority, default fallback, envelope vs header. */
class PolicyResolverTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String FINANCE = "group-finance";
    private static final String EXECS = "group-execs";

    private static Policy policy(String name, int priority, Mode mode, PolicyTarget target) {
        return new Policy("p-" + name, name, false, priority, mode, EnumSet.allOf(Engine.class), Policy.defaultActions(),
                target, true, NOW, 1);
    }

    private static PolicyTarget target(List<String> senders, List<String> recipients, List<String> exceptSenders,
                                       List<String> exceptRecipients, MatchOn on) {
        return new PolicyTarget(senders.stream().map(PolicyResolverTest::matcher).toList(),
                recipients.stream().map(PolicyResolverTest::matcher).toList(),
                exceptSenders.stream().map(PolicyResolverTest::matcher).toList(),
                exceptRecipients.stream().map(PolicyResolverTest::matcher).toList(), on);
    }

    private static AddressMatcher matcher(String value) {
        return value.startsWith("group-") ? AddressMatcher.group(value) : AddressMatcher.parse(value, "target");
    }

    /** The account is in Protect for the finance group; policies overlap on purpose. */
    private static final List<Policy> POLICIES = List.of(
            Policy.defaultPolicy(NOW),
            // Monitor mail from the payroll provider to anyone (low priority).
            policy("Payroll provider", 10, Mode.MONITOR,
                    target(List.of("payroll.example"), List.of(), List.of(), List.of(), MatchOn.HEADER_FROM)),
            // Protect executives from everyone but their assistant (higher priority than payroll).
            policy("Executives", 50, Mode.PROTECT,
                    target(List.of(), List.of(EXECS), List.of("assistant@contoso.example"), List.of(), MatchOn.HEADER_FROM)),
            // Don't judge the ticketing system's relayed mail, matched on the envelope sender.
            policy("Ticketing relay", 40, Mode.DISABLED,
                    target(List.of("bounces@tickets.example"), List.of(), List.of(), List.of("ceo@contoso.example"), MatchOn.ENVELOPE)),
            // A disabled policy never applies.
            new Policy("p-off", "Switched off", false, 99, Mode.DISABLED, EnumSet.allOf(Engine.class), Map.of(),
                    PolicyTarget.ANY, false, NOW, 1));

    static Stream<Arguments> cases() {
        return Stream.of(
                // sender envelope, header from, recipient, recipient groups, permitted → policy, mode, on malicious
                Arguments.of("no user policy matches: default with the account's mode (recipient targeted)",
                        "x@outside.example", "x@outside.example", "fin@contoso.example", Set.of(FINANCE), false,
                        "default", Mode.PROTECT, PolicyAction.QUARANTINE),
                Arguments.of("recipient outside Targeted To keeps the Threat Scan only",
                        "x@outside.example", "x@outside.example", "bob@contoso.example", Set.of(), false,
                        "default", Mode.THREAT_SCAN_ONLY, PolicyAction.RECORD),
                Arguments.of("a sender domain matches its subdomains",
                        "run@mail.payroll.example", "run@mail.payroll.example", "bob@contoso.example", Set.of(), false,
                        "p-Payroll provider", Mode.MONITOR, PolicyAction.RECORD),
                Arguments.of("overlap: the higher priority wins (executives over payroll)",
                        "run@payroll.example", "run@payroll.example", "ceo@contoso.example", Set.of(EXECS), false,
                        "p-Executives", Mode.PROTECT, PolicyAction.QUARANTINE),
                Arguments.of("a sender exception removes the executives' policy; payroll does not match; default",
                        "assistant@contoso.example", "assistant@contoso.example", "ceo@contoso.example", Set.of(EXECS, FINANCE), false,
                        "default", Mode.PROTECT, PolicyAction.QUARANTINE),
                Arguments.of("envelope match: the relay's bounce address in the envelope, another From",
                        "bounces@tickets.example", "helpdesk@tickets.example", "bob@contoso.example", Set.of(), false,
                        "p-Ticketing relay", Mode.DISABLED, PolicyAction.NONE),
                Arguments.of("envelope policy does not match on the From header alone",
                        "other@relay.example", "bounces@tickets.example", "bob@contoso.example", Set.of(), false,
                        "default", Mode.THREAT_SCAN_ONLY, PolicyAction.RECORD),
                Arguments.of("a recipient exception removes the relay policy, and execs is lower than relay only for others",
                        "bounces@tickets.example", "bounces@tickets.example", "ceo@contoso.example", Set.of(EXECS), false,
                        "p-Executives", Mode.PROTECT, PolicyAction.QUARANTINE),
                // the engine applies the allow entry (never to malware or high-confidence phishing, which stay
                // quarantined as Microsoft's allow entries); the policy's actions stand
                Arguments.of("a permitted sender's malicious mail is still quarantined under Protect",
                        "x@outside.example", "x@outside.example", "fin@contoso.example", Set.of(FINANCE), true,
                        "default", Mode.PROTECT, PolicyAction.QUARANTINE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolves(String name, String envelope, String from, String recipient, Set<String> groups, boolean permitted,
                  String policyId, Mode mode, PolicyAction onMalicious) {
        EffectivePolicy effective = PolicyResolver.resolve(Mode.PROTECT, new TargetedTo(false, List.of(), List.of(FINANCE)),
                POLICIES, new MessageParties(envelope, from, recipient, Set.of(), groups), permitted);
        assertThat(effective.policyId()).isEqualTo(policyId);
        assertThat(effective.mode()).isEqualTo(mode);
        assertThat(effective.actionFor(ThreatLevel.MALICIOUS)).isEqualTo(onMalicious);
        assertThat(effective.reasons()).isNotEmpty();
    }

    @Test
    void monitorRecordsBothLevelsAndDisabledJudgesNothing() {
        MessageParties parties = new MessageParties("x@outside.example", "x@outside.example", "a@contoso.example", Set.of(), Set.of());
        EffectivePolicy monitor = PolicyResolver.resolve(Mode.MONITOR, TargetedTo.EVERYONE, List.of(), parties, false);
        assertThat(monitor.actionFor(ThreatLevel.MALICIOUS)).isEqualTo(PolicyAction.RECORD);
        assertThat(monitor.actionFor(ThreatLevel.SUSPICIOUS)).isEqualTo(PolicyAction.RECORD);
        assertThat(monitor.scans()).isTrue();
        EffectivePolicy disabled = PolicyResolver.resolve(Mode.DISABLED, TargetedTo.EVERYONE, List.of(), parties, false);
        assertThat(disabled.scans()).isFalse();
        assertThat(disabled.actionFor(ThreatLevel.MALICIOUS)).isEqualTo(PolicyAction.NONE);
    }

    /** Audit H4: a user policy's own mode does not apply while the account does not protect mail in real time. */
    @Test
    void theAccountsModeBoundsWhatAUserPolicyPromises() {
        MessageParties exec = new MessageParties("x@evil.example", "x@evil.example", "ceo@contoso.example", Set.of(), Set.of(EXECS));
        EffectivePolicy disabled = PolicyResolver.resolve(Mode.DISABLED, TargetedTo.EVERYONE, POLICIES, exec, false);
        assertThat(disabled.policyId()).isEqualTo("p-Executives");
        assertThat(disabled.mode()).isEqualTo(Mode.DISABLED);
        assertThat(disabled.scans()).isFalse();
        assertThat(disabled.actionFor(ThreatLevel.MALICIOUS)).isEqualTo(PolicyAction.NONE);
        assertThat(disabled.reasons()).anySatisfy(r -> assertThat(r)
                .contains("Real-time protection is off for the account (mode Disabled): new mail is not checked")
                .contains("'Executives' (Protect) applies once the account is in Monitor or Protect"));

        EffectivePolicy scanOnly = PolicyResolver.resolve(Mode.THREAT_SCAN_ONLY, TargetedTo.EVERYONE, POLICIES, exec, false);
        assertThat(scanOnly.mode()).isEqualTo(Mode.THREAT_SCAN_ONLY);
        assertThat(scanOnly.actionFor(ThreatLevel.MALICIOUS)).as("scans record, never quarantine").isEqualTo(PolicyAction.RECORD);
        assertThat(scanOnly.reasons()).anySatisfy(r -> assertThat(r).contains("mode Threat Scan only"));

        MessageParties relay = new MessageParties("bounces@tickets.example", "helpdesk@tickets.example", "bob@contoso.example",
                Set.of(), Set.of());
        assertThat(PolicyResolver.resolve(Mode.THREAT_SCAN_ONLY, TargetedTo.EVERYONE, POLICIES, relay, false).mode())
                .as("a Disabled policy still leaves its mail alone").isEqualTo(Mode.DISABLED);
        assertThat(PolicyResolver.resolve(Mode.MONITOR, TargetedTo.EVERYONE, POLICIES, exec, false).mode())
                .as("in Monitor or Protect the policy's own mode applies").isEqualTo(Mode.PROTECT);
    }

    /** Audit M5: malicious mail is always at least recorded, even under a policy stored with NONE. */
    @Test
    void maliciousMailIsAlwaysAtLeastRecorded() {
        Policy silent = new Policy("p-silent", "Silent", false, 5, Mode.PROTECT, EnumSet.allOf(Engine.class),
                Map.of(ThreatLevel.MALICIOUS, PolicyAction.NONE, ThreatLevel.SUSPICIOUS, PolicyAction.NONE), PolicyTarget.ANY, true, NOW, 1);
        EffectivePolicy effective = PolicyResolver.resolve(Mode.PROTECT, TargetedTo.EVERYONE, List.of(silent),
                new MessageParties("x@evil.example", "x@evil.example", "a@contoso.example", Set.of(), Set.of()), false);
        assertThat(effective.actionFor(ThreatLevel.MALICIOUS)).isEqualTo(PolicyAction.RECORD);
        assertThat(effective.actionFor(ThreatLevel.SUSPICIOUS)).isEqualTo(PolicyAction.NONE);
        assertThat(effective.reasons()).anySatisfy(r -> assertThat(r).contains("always recorded"));
    }

    /** Audit H3: wildcard spellings of a domain are that domain (said so); any other wildcard is refused. */
    @Test
    void wildcardSpellingsAreTheDomainOrRefused() {
        for (String text : List.of("*@Evil.example", "@evil.example", "*.evil.example")) {
            assertThat(AddressMatcher.parse(text, "value")).as(text)
                    .isEqualTo(new AddressMatcher(AddressMatcher.Kind.DOMAIN, "evil.example"));
            assertThat(AddressMatcher.wildcardNote(text)).as(text).contains("entered as the domain evil.example");
        }
        assertThat(AddressMatcher.parse("*@evil.example", "value").matches("x@evil.example", Set.of())).isTrue();
        assertThat(AddressMatcher.wildcardNote("x@evil.example")).isNull();
        for (String text : List.of("bad*@evil.example", "*", "*@*", "evil.*", "*evil.example")) {
            assertThatThrownBy(() -> AddressMatcher.parse(text, "value")).as(text).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void targetsAndEntriesAreValidated() {
        assertThatThrownBy(() -> new TargetedTo(false, List.of(), List.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new TargetedTo(true, List.of("a@b.example"), List.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AddressMatcher.parse("not an address", "senders")).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors().get(0).field()).isEqualTo("senders"));
        assertThat(AddressMatcher.parse("@Contoso.Example", "x")).isEqualTo(new AddressMatcher(AddressMatcher.Kind.DOMAIN, "contoso.example"));
        assertThat(AddressMatcher.parse("Ann@Contoso.Example", "x").kind()).isEqualTo(AddressMatcher.Kind.ADDRESS);
    }
}
