package com.mailmoat.core.activity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of change an administrator filters the activity log by. Which kind belongs where is said
 * once, here ({@link #of}): by the kind's name prefix, so a new kind named like its neighbours
 * ({@code TEAM_MEMBER_ADDED}, {@code SIGN_IN_FAILED}) lands in the right place without more code; any
 * other kind counts as {@link #ACCOUNT}.
 */
public enum ActivityCategory {
    PROTECTION("protection", "Protection and modes"),
    POLICIES("policies", "Policies and sender lists"),
    REMEDIATION("remediation", "Removals and verdicts"),
    SIGN_IN("sign-in", "Sign-in and security"),
    ACCOUNT("account", "Account and team");

    /** Kind name prefixes, most specific first; an exact name is a prefix of itself. */
    private static final List<Rule> RULES = List.of(
            new Rule("MODE_", PROTECTION), new Rule("UPGRADE_", PROTECTION), new Rule("MICROSOFT_", PROTECTION),
            new Rule("OFFBOARDED", PROTECTION),
            new Rule("POLICY_", POLICIES), new Rule("SENDER_LIST_", POLICIES),
            new Rule("REMOVAL_", REMEDIATION), new Rule("RELEASE_", REMEDIATION), new Rule("NOT_A_THREAT", REMEDIATION),
            new Rule("MISSED_THREAT_", REMEDIATION),
            new Rule("PASSWORD_", SIGN_IN), new Rule("TWO_STEP_", SIGN_IN), new Rule("RECOVERY_CODES_", SIGN_IN),
            new Rule("SIGN_IN", SIGN_IN), new Rule("SIGNED_", SIGN_IN), new Rule("SESSION", SIGN_IN),
            new Rule("ALERT_RECIPIENT_", ACCOUNT), new Rule("EMAIL_CHOICES_", ACCOUNT), new Rule("COMPANY_", ACCOUNT),
            new Rule("BRANDING_", ACCOUNT), new Rule("TEAM_", ACCOUNT), new Rule("MEMBER_", ACCOUNT));

    private record Rule(String prefix, ActivityCategory category) {
    }

    private final String slug;
    private final String label;

    ActivityCategory(String slug, String label) {
        this.slug = slug;
        this.label = label;
    }

    /** The API's name for it ({@code ?category=sign-in}). */
    public String slug() {
        return slug;
    }

    /** The console's and the CSV's words for it. */
    public String label() {
        return label;
    }

    public static ActivityCategory of(ActivityKind kind) {
        String name = kind.name();
        for (Rule rule : RULES) {
            if (name.startsWith(rule.prefix())) {
                return rule.category();
            }
        }
        return ACCOUNT;
    }

    public static Optional<ActivityCategory> fromSlug(String slug) {
        String wanted = slug == null ? "" : slug.strip().toLowerCase(Locale.ROOT);
        for (ActivityCategory category : values()) {
            if (category.slug.equals(wanted)) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }
}
