package com.mailmoat.core.team;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one table of which role each console API route needs (route keys as in template.yaml). Every
 * function's session check consults it before a route runs; a route not in the table needs the
 * {@link Role#OWNER}, so a new route is closed to members until someone decides otherwise.
 */
public final class ConsoleAccess {
    /** Route key → the least role that may call it. */
    static final Map<String, Role> LEAST_ROLE = Map.ofEntries(
            // Reading: everyone on the team.
            Map.entry("GET /api/account", Role.READ_ONLY),
            Map.entry("GET /api/account/logo", Role.READ_ONLY),
            Map.entry("GET /api/setup", Role.READ_ONLY),
            Map.entry("GET /api/account/email-recipients", Role.READ_ONLY),
            Map.entry("GET /api/account/two-step", Role.READ_ONLY),
            Map.entry("GET /api/notifications", Role.READ_ONLY),
            Map.entry("GET /api/domains", Role.READ_ONLY),
            Map.entry("GET /api/checks", Role.READ_ONLY),
            Map.entry("GET /api/scans/current", Role.READ_ONLY),
            Map.entry("GET /api/scans", Role.READ_ONLY),
            Map.entry("GET /api/scans/{id}", Role.READ_ONLY),
            Map.entry("GET /api/detections", Role.READ_ONLY),
            Map.entry("GET /api/detections/export", Role.READ_ONLY),
            Map.entry("GET /api/detections/{id}", Role.READ_ONLY),
            Map.entry("GET /api/learning", Role.READ_ONLY),
            Map.entry("GET /api/remediations", Role.READ_ONLY),
            Map.entry("GET /api/remediations/current", Role.READ_ONLY),
            Map.entry("GET /api/remediations/preview", Role.READ_ONLY),
            Map.entry("GET /api/remediations/{id}", Role.READ_ONLY),
            Map.entry("GET /api/quarantine/folders", Role.READ_ONLY),
            Map.entry("GET /api/policies", Role.READ_ONLY),
            Map.entry("GET /api/policies/effective", Role.READ_ONLY),
            Map.entry("GET /api/policies/{id}", Role.READ_ONLY),
            Map.entry("GET /api/sender-lists/{list}", Role.READ_ONLY),
            Map.entry("GET /api/sender-lists/{list}/export", Role.READ_ONLY),
            Map.entry("GET /api/managed-senders", Role.READ_ONLY),
            Map.entry("GET /api/managed-senders/export", Role.READ_ONLY),
            Map.entry("GET /api/directory/users", Role.READ_ONLY),
            Map.entry("GET /api/directory/groups", Role.READ_ONLY),
            Map.entry("GET /api/realtime/summary", Role.READ_ONLY),
            Map.entry("GET /api/activity", Role.READ_ONLY),
            Map.entry("GET /api/activity/export", Role.READ_ONLY),
            Map.entry("GET /api/upgrade", Role.READ_ONLY),
            Map.entry("GET /api/upgrade/held-back", Role.READ_ONLY),
            Map.entry("GET /api/upgrade/preview", Role.READ_ONLY),
            Map.entry("GET /api/team", Role.READ_ONLY),
            // Marking one's notices read changes nothing about protection.
            Map.entry("POST /api/notifications/{id}/read", Role.READ_ONLY),
            Map.entry("POST /api/notifications/read-all", Role.READ_ONLY),
            // Handling threats: analysts and up.
            Map.entry("POST /api/remediations", Role.ANALYST),
            Map.entry("POST /api/detections/{id}/not-a-threat", Role.ANALYST),
            Map.entry("POST /api/feedback/missed", Role.ANALYST),
            // The console adds a single entry only from a detection ("Block sender" / "Allow sender").
            Map.entry("POST /api/sender-lists/{list}/entries", Role.ANALYST),
            Map.entry("POST /api/directory/refresh", Role.ANALYST),
            // Changing protection and the account's settings: administrators and the owner.
            Map.entry("PUT /api/account/branding", Role.ADMINISTRATOR),
            Map.entry("PUT /api/account/profile", Role.ADMINISTRATOR),
            Map.entry("PUT /api/account/email-choices", Role.ADMINISTRATOR),
            Map.entry("POST /api/account/email-recipients", Role.ADMINISTRATOR),
            Map.entry("POST /api/account/email-recipients/{id}/resend", Role.ADMINISTRATOR),
            Map.entry("DELETE /api/account/email-recipients/{id}", Role.ADMINISTRATOR),
            Map.entry("POST /api/domains", Role.ADMINISTRATOR),
            Map.entry("POST /api/domains/{domain}/verify", Role.ADMINISTRATOR),
            Map.entry("DELETE /api/domains/{domain}", Role.ADMINISTRATOR),
            Map.entry("POST /api/scans", Role.ADMINISTRATOR),
            Map.entry("POST /api/scans/{id}/end", Role.ADMINISTRATOR),
            Map.entry("POST /api/policies", Role.ADMINISTRATOR),
            Map.entry("PUT /api/policies/{id}", Role.ADMINISTRATOR),
            Map.entry("DELETE /api/policies/{id}", Role.ADMINISTRATOR),
            Map.entry("PUT /api/sender-lists/{list}", Role.ADMINISTRATOR),
            Map.entry("POST /api/sender-lists/{list}/import", Role.ADMINISTRATOR),
            Map.entry("PUT /api/managed-senders", Role.ADMINISTRATOR),
            Map.entry("POST /api/managed-senders/import", Role.ADMINISTRATOR),
            Map.entry("PUT /api/mode", Role.ADMINISTRATOR),
            Map.entry("POST /api/upgrade", Role.ADMINISTRATOR),
            Map.entry("POST /api/upgrade/rule-order-reviewed", Role.ADMINISTRATOR),
            Map.entry("POST /api/upgrade/cancel", Role.ADMINISTRATOR),
            // Offboarding asks for the password again, and that is the owner's (members' is not asked yet).
            Map.entry("POST /api/offboard", Role.OWNER),
            // Microsoft consent, a GET that sends the browser to Microsoft; the callback needs no session of
            // its own: it only completes the consent state this route created for an administrator.
            Map.entry("GET /api/sso/consent", Role.ADMINISTRATOR),
            // Two-step sign-in guards the owner's own sign-in (members' two-step is not built yet).
            Map.entry("POST /api/account/two-step", Role.OWNER),
            Map.entry("POST /api/account/two-step/confirm", Role.OWNER),
            Map.entry("POST /api/account/two-step/disable", Role.OWNER),
            Map.entry("POST /api/account/two-step/recovery-codes", Role.OWNER),
            // The team and the account itself: the owner only.
            Map.entry("POST /api/team", Role.OWNER),
            Map.entry("PUT /api/team/{memberId}", Role.OWNER),
            Map.entry("POST /api/team/{memberId}/invitation", Role.OWNER),
            Map.entry("DELETE /api/team/{memberId}", Role.OWNER),
            Map.entry("POST /api/account/close", Role.OWNER));

    private ConsoleAccess() {
    }

    /** The least role a route needs ({@link Role#OWNER} for a route the table does not name). */
    public static Role leastRole(String routeKey) {
        return LEAST_ROLE.getOrDefault(routeKey, Role.OWNER);
    }

    /** Empty when {@code role} may call the route, else who may, in words for the refusal. */
    public static Optional<String> refusal(String routeKey, Role role) {
        Role needed = leastRole(routeKey);
        if (role.includes(needed)) {
            return Optional.empty();
        }
        return Optional.of(switch (needed) {
            case OWNER -> "Only the account's owner can do this.";
            case ADMINISTRATOR -> "Only the owner or an Administrator can do this; your role is " + role.label() + ".";
            case ANALYST -> "Only the owner, an Administrator or an Analyst can do this; your role is "
                    + role.label() + ".";
            case READ_ONLY -> "Everyone on the team can do this.";
        });
    }

    /** Every route key the table names, by the role it needs (for the console and tests). */
    public static Map<String, Role> table() {
        return LEAST_ROLE.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
