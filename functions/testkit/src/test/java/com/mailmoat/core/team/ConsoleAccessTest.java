package com.mailmoat.core.team;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleAccessTest {

    @ParameterizedTest(name = "{0}: {1} may? {2}")
    @CsvSource({
            "GET /api/detections, READ_ONLY, true",
            "GET /api/detections/export, READ_ONLY, true",
            "GET /api/activity, READ_ONLY, true",
            "POST /api/remediations, READ_ONLY, false",
            "POST /api/remediations, ANALYST, true",
            "POST /api/detections/{id}/not-a-threat, ANALYST, true",
            "POST /api/sender-lists/{list}/entries, ANALYST, true",
            "PUT /api/sender-lists/{list}, ANALYST, false",
            "PUT /api/mode, ANALYST, false",
            "PUT /api/mode, ADMINISTRATOR, true",
            "POST /api/upgrade, ANALYST, false",
            "PUT /api/policies/{id}, ANALYST, false",
            "POST /api/account/email-recipients, ANALYST, false",
            "PUT /api/account/branding, ANALYST, false",
            "GET /api/sso/consent, ANALYST, false",
            "GET /api/sso/consent, ADMINISTRATOR, true",
            "POST /api/team, ADMINISTRATOR, false",
            "DELETE /api/team/{memberId}, ADMINISTRATOR, false",
            "POST /api/account/close, ADMINISTRATOR, false",
            "POST /api/account/close, OWNER, true",
            "POST /api/team, OWNER, true",
    })
    void eachRouteNeedsItsRole(String route, Role role, boolean allowed) {
        assertThat(ConsoleAccess.refusal(route, role).isEmpty()).isEqualTo(allowed);
    }

    @Test
    void aRouteTheTableDoesNotNameIsTheOwnersOnly() {
        assertThat(ConsoleAccess.leastRole("POST /api/something-new")).isEqualTo(Role.OWNER);
        assertThat(ConsoleAccess.refusal("POST /api/something-new", Role.ADMINISTRATOR))
                .hasValue("Only the account's owner can do this.");
    }

    @Test
    void theRefusalSaysWhichRoleMayAndWhatYoursIs() {
        assertThat(ConsoleAccess.refusal("PUT /api/mode", Role.ANALYST))
                .hasValue("Only the owner or an Administrator can do this; your role is Analyst.");
        assertThat(ConsoleAccess.refusal("POST /api/remediations", Role.READ_ONLY))
                .hasValue("Only the owner, an Administrator or an Analyst can do this; your role is Read-only.");
    }

    @Test
    void readOnlyMayCallNoRouteThatChangesSomethingExceptMarkingItsNoticesRead() {
        ConsoleAccess.table().forEach((route, role) -> {
            boolean reads = route.startsWith("GET ") && !route.startsWith("GET /api/sso/");
            boolean notices = route.startsWith("POST /api/notifications/");
            assertThat(ConsoleAccess.refusal(route, Role.READ_ONLY).isEmpty()).as(route).isEqualTo(reads || notices);
        });
    }

    @Test
    void theOwnerRoleCannotBeGivenToAMember() {
        assertThat(Role.memberRole("OWNER")).isEmpty();
        assertThat(Role.memberRole("read-only")).hasValue(Role.READ_ONLY);
        assertThat(Role.memberRole("analyst")).hasValue(Role.ANALYST);
        assertThat(Role.memberRole("boss")).isEmpty();
    }
}
