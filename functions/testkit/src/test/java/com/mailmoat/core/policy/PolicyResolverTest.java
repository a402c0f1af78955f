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
                Arguments.of("a permitted sender is never quarantined, even under Protect",
                        "x@outside.example", "x@outside.example", "fin@contoso.example", Set.of(FINANCE), true,
                        "default", Mode.PROTECT, PolicyAction.RECORD));
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
