package com.mailmoat.core.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.session.KnownBrowsers;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.session.SignInSource;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SetPasswordResult;
import com.mailmoat.core.signup.SignupLimits;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.core.twostep.TwoStepCodes;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.core.validation.RefusedException;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryActivityLog;
import com.mailmoat.testkit.InMemoryAttemptCounter;
import com.mailmoat.testkit.InMemoryTeam;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.InMemoryTwoStep;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The team from the owner's invitation to the member's own sign-in, role and removal, on in-memory stores. */
class TeamServiceTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private static final String OWNER_PASSWORD = "Harbour-Lantern-42";
    private static final String MEMBER_PASSWORD = "Quiet-Orchard-Beacon-7";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryTeam team = new InMemoryTeam(accounts);
    private final InMemoryTokens tokens = new InMemoryTokens();
    private final RecordingNotificationQueue queue = new RecordingNotificationQueue();
    private final InMemoryActivityLog log = new InMemoryActivityLog();
    private final Activity activity = new Activity(log, accounts, clock);
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final Sessions sessions = new Sessions(tokens, clock, team);
    private final KnownBrowsers browsers = new KnownBrowsers(tokens, clock);
    private final TeamService service = new TeamService(accounts, team, tokens, queue, activity, clock, CONSOLE);
    private final SignupService signups = new SignupService(accounts, tokens, queue, new InMemoryAttemptCounter(),
            SignupLimits.DEFAULT, new PasswordPolicy(), hasher, clock, CONSOLE).withTeam(team).withActivity(activity);
    private final LoginService logins = new LoginService(accounts, sessions, browsers, new InMemoryAttemptCounter(),
            hasher, LoginLimits.DEFAULT, new TwoStepCodes(new InMemoryTwoStep(), browsers, new InMemoryAttemptCounter(),
            LoginLimits.DEFAULT, clock), tokens, clock).withTeam(team).withActivity(activity);

    @BeforeEach
    void twoAccountsWithOwners() {
        for (String[] a : new String[][] {{"acct-a", "owner@contoso.example"}, {"acct-b", "owner@fabrikam.example"}}) {
            accounts.create(Account.signedUp(a[0], a[1], "Company " + a[0], Region.US, clock.instant()));
            accounts.update(accounts.findById(a[0]).orElseThrow().withPassword(hasher.hash(OWNER_PASSWORD), clock.instant()));
        }
    }

    @Test
    void anInvitedMemberChoosesAPasswordSignsInWithTheirRoleAndIsNamedInTheLog() {
        TeamMember invited = service.invite("acct-a", " Ana.Lyst@Contoso.example ", "analyst");
        assertThat(invited.email()).isEqualTo("ana.lyst@contoso.example");
        assertThat(invited.hasPassword()).isFalse();

        NotificationRequest email = queue.ofKind(NotificationKind.TEAM_INVITATION).get(0);
        assertThat(email.recipient()).isEqualTo("ana.lyst@contoso.example");
        assertThat(email.params()).containsEntry("role", "Analyst").containsEntry("invitedBy", "owner@contoso.example");
        String token = email.params().get("link").substring((CONSOLE + "set-password?token=").length());

        // Before a password, the member cannot sign in; the link is usable once.
        assertThat(logins.login("ana.lyst@contoso.example", MEMBER_PASSWORD, SignInSource.address("ip")))
                .isInstanceOf(LoginResult.InvalidCredentials.class);
        assertThat(signups.linkUsable(token)).isTrue();
        assertThat(signups.setPassword(token, "short")).isInstanceOf(SetPasswordResult.WeakPassword.class);
        assertThat(signups.setPassword(token, MEMBER_PASSWORD)).isInstanceOf(SetPasswordResult.PasswordSet.class);
        assertThat(signups.setPassword(token, MEMBER_PASSWORD)).isInstanceOf(SetPasswordResult.InvalidToken.class);
        // The owner's password is untouched.
        assertThat(accounts.findById("acct-a").orElseThrow().passwordHash()).satisfies(
                hash -> assertThat(hasher.verify(OWNER_PASSWORD, hash)).isTrue());

        LoginResult signedIn = logins.login("ana.lyst@contoso.example", MEMBER_PASSWORD, SignInSource.address("ip"));
        assertThat(signedIn).isInstanceOf(LoginResult.SignedIn.class);
        Session session = sessions.authenticate(((LoginResult.SignedIn) signedIn).sessionToken()).orElseThrow();
        assertThat(session.accountId()).isEqualTo("acct-a");
        assertThat(session.memberEmail()).isEqualTo("ana.lyst@contoso.example");
        assertThat(session.role()).isEqualTo(Role.ANALYST);
        assertThat(session.isOwner()).isFalse();
        // The owner's password does not open the member's address, nor the member's the owner's.
        assertThat(logins.login("ana.lyst@contoso.example", OWNER_PASSWORD, SignInSource.address("ip2")))
                .isInstanceOf(LoginResult.InvalidCredentials.class);
        assertThat(logins.login("owner@contoso.example", MEMBER_PASSWORD, SignInSource.address("ip2")))
                .isInstanceOf(LoginResult.InvalidCredentials.class);
        assertThat(team.find("acct-a", invited.memberId()).orElseThrow().lastSignInAt()).isEqualTo(clock.instant());

        List<ActivityEntry> entries = log.entries("acct-a");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(ActivityKind.TEAM_MEMBER_INVITED);
            assertThat(e.actor()).isEqualTo("owner@contoso.example");
            assertThat(e.summary()).isEqualTo("Invited ana.lyst@contoso.example to the team as an Analyst");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(ActivityKind.SIGNED_IN);
            assertThat(e.actor()).isEqualTo("ana.lyst@contoso.example");
            assertThat(e.summary()).doesNotContain(MEMBER_PASSWORD).contains("Analyst");
        });
    }

    @Test
    void aRoleChangeAppliesToTheNextRequestAndRemovalEndsTheSessionAtOnce() {
        String token = activeMember("acct-a", "reader@contoso.example", "READ_ONLY");
        TeamMember member = team.findByEmail("reader@contoso.example").orElseThrow();

        service.changeRole("acct-a", member.memberId(), "ADMINISTRATOR");
        assertThat(sessions.authenticate(token)).hasValueSatisfying(s -> assertThat(s.role()).isEqualTo(Role.ADMINISTRATOR));

        service.remove("acct-a", member.memberId());
        assertThat(sessions.authenticate(token)).isEmpty();
        assertThat(logins.login("reader@contoso.example", MEMBER_PASSWORD, SignInSource.address("ip")))
                .isInstanceOf(LoginResult.InvalidCredentials.class);
        assertThat(log.entries("acct-a")).extracting(ActivityEntry::kind)
                .contains(ActivityKind.TEAM_MEMBER_ROLE_CHANGED, ActivityKind.TEAM_MEMBER_REMOVED);
        // The address is free again: the owner may invite it anew.
        assertThat(service.invite("acct-a", "reader@contoso.example", "READ_ONLY").hasPassword()).isFalse();
    }

    @Test
    void anAddressOnTheTeamOrOnAnotherAccountIsAConflict() {
        service.invite("acct-a", "ana@contoso.example", "ANALYST");
        assertThatThrownBy(() -> service.invite("acct-a", "ana@contoso.example", "READ_ONLY"))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.code()).isEqualTo("already_member"));
        assertThatThrownBy(() -> service.invite("acct-a", "owner@contoso.example", "ADMINISTRATOR"))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.code()).isEqualTo("already_member"));
        assertThatThrownBy(() -> service.invite("acct-b", "ana@contoso.example", "ANALYST"))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.code()).isEqualTo("email_in_use"));
        assertThatThrownBy(() -> service.invite("acct-b", "owner@contoso.example", "ANALYST"))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.code()).isEqualTo("email_in_use"));
        // An invited member's address is not an account's: a reset request sends nothing (the invitation stands).
        int before = queue.sent.size();
        signups.requestPasswordReset("ana@contoso.example", "ip");
        assertThat(queue.sent).hasSize(before);
    }

    @Test
    void badInputAndAFullTeamAreRefusedClearly() {
        assertThatThrownBy(() -> service.invite("acct-a", "not an address", "OWNER"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsExactly("email", "role"));
        for (int i = 0; i < TeamService.MAX_MEMBERS; i++) {
            service.invite("acct-a", "person" + i + "@contoso.example", "READ_ONLY");
        }
        assertThatThrownBy(() -> service.invite("acct-a", "one-more@contoso.example", "READ_ONLY"))
                .isInstanceOfSatisfying(RefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo("team_full");
                    assertThat(e.getMessage()).contains("25");
                });
    }

    @Test
    void anInvitationExpiresAfterSevenDaysAndDiesWithTheMember() {
        service.invite("acct-a", "late@contoso.example", "ANALYST");
        String late = linkOf("late@contoso.example");
        clock.advance(TeamService.INVITATION_LIFETIME);
        assertThat(signups.setPassword(late, MEMBER_PASSWORD)).isInstanceOf(SetPasswordResult.InvalidToken.class);

        TeamMember gone = service.invite("acct-a", "gone@contoso.example", "ANALYST");
        String link = linkOf("gone@contoso.example");
        service.remove("acct-a", gone.memberId());
        assertThat(signups.linkUsable(link)).isFalse();
        assertThat(signups.setPassword(link, MEMBER_PASSWORD)).isInstanceOf(SetPasswordResult.InvalidToken.class);
    }

    @Test
    void anExpiredInvitationIsSentAgainWithANewLinkAndNotOnceTheMemberSignsIn() {
        TeamMember invited = service.invite("acct-a", "late@contoso.example", "ANALYST");
        String expired = linkOf("late@contoso.example");
        clock.advance(TeamService.INVITATION_LIFETIME);

        service.resendInvitation("acct-a", invited.memberId());

        assertThat(log.entries("acct-a").get(0).summary()).isEqualTo("Sent the invitation to late@contoso.example again");
        String fresh = linkOf("late@contoso.example");
        assertThat(fresh).isNotEqualTo(expired);
        assertThat(signups.setPassword(expired, MEMBER_PASSWORD)).isInstanceOf(SetPasswordResult.InvalidToken.class);
        assertThat(signups.setPassword(fresh, MEMBER_PASSWORD)).isInstanceOf(SetPasswordResult.PasswordSet.class);
        assertThatThrownBy(() -> service.resendInvitation("acct-a", invited.memberId()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.code()).isEqualTo("already_active"));
        assertThatThrownBy(() -> service.resendInvitation("acct-b", invited.memberId()))
                .as("another account's member").isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void aMemberOfOneAccountIsUnknownToAnother() {
        activeMember("acct-a", "ana@contoso.example", "ADMINISTRATOR");
        TeamMember ana = team.findByEmail("ana@contoso.example").orElseThrow();
        assertThat(service.list("acct-b").members()).isEmpty();
        assertThatThrownBy(() -> service.changeRole("acct-b", ana.memberId(), "READ_ONLY"))
                .isInstanceOf(java.util.NoSuchElementException.class);
        assertThatThrownBy(() -> service.remove("acct-b", ana.memberId())).isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(team.find("acct-a", ana.memberId())).isPresent();
    }

    @Test
    void aMemberWhoForgotTheirPasswordGetsTheirOwnResetLinkAndTheirOldSessionsEnd() {
        String before = activeMember("acct-a", "ana@contoso.example", "ANALYST");
        clock.advance(Duration.ofMinutes(1));
        signups.requestPasswordReset("ANA@contoso.example", "ip");
        NotificationRequest reset = queue.ofKind(NotificationKind.PASSWORD_RESET_LINK).get(0);
        assertThat(reset.recipient()).isEqualTo("ana@contoso.example");
        String token = reset.params().get("link").replaceFirst(".*token=([^&]+).*", "$1");

        assertThat(signups.setPassword(token, "Another-Quiet-Harbour-9")).isInstanceOf(SetPasswordResult.PasswordSet.class);
        assertThat(sessions.authenticate(before)).as("the old password's session").isEmpty();
        assertThat(logins.login("ana@contoso.example", MEMBER_PASSWORD, SignInSource.address("ip")))
                .isInstanceOf(LoginResult.InvalidCredentials.class);
        assertThat(logins.login("ana@contoso.example", "Another-Quiet-Harbour-9", SignInSource.address("ip")))
                .isInstanceOf(LoginResult.SignedIn.class);
        assertThat(signups.setPassword(token, "Yet-Another-Harbour-10")).isInstanceOf(SetPasswordResult.InvalidToken.class);
        assertThat(hasher.verify(OWNER_PASSWORD, accounts.findById("acct-a").orElseThrow().passwordHash())).isTrue();
        assertThat(log.entries("acct-a")).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(ActivityKind.PASSWORD_CHANGED);
            assertThat(e.actor()).isEqualTo("ana@contoso.example");
        });
    }

    @Test
    void theOwnersNewPasswordEndsTheOwnersSessionsOnlyAndLeavesInvitationsUsable() {
        String member = activeMember("acct-a", "ana@contoso.example", "ANALYST");
        service.invite("acct-a", "later@contoso.example", "READ_ONLY");
        String invitation = linkOf("later@contoso.example");
        String ownerSession = ((LoginResult.SignedIn) logins.login("owner@contoso.example", OWNER_PASSWORD,
                SignInSource.address("ip"))).sessionToken();

        clock.advance(Duration.ofMinutes(1));
        signups.requestPasswordReset("owner@contoso.example", "ip");
        String reset = queue.ofKind(NotificationKind.PASSWORD_RESET_LINK).get(0).params().get("link")
                .replaceFirst(".*token=([^&]+).*", "$1");
        assertThat(signups.setPassword(reset, "Brand-New-Lantern-77")).isInstanceOf(SetPasswordResult.PasswordSet.class);

        assertThat(sessions.authenticate(ownerSession)).isEmpty();
        assertThat(sessions.authenticate(member)).as("the analyst's own session").isPresent();
        assertThat(signups.linkUsable(invitation)).as("the pending invitation").isTrue();
    }

    /** Invites, sets the password from the invitation, signs in: the session token. */
    private String activeMember(String accountId, String email, String role) {
        service.invite(accountId, email, role);
        assertThat(signups.setPassword(linkOf(email), MEMBER_PASSWORD)).isInstanceOf(SetPasswordResult.PasswordSet.class);
        return ((LoginResult.SignedIn) logins.login(email, MEMBER_PASSWORD, SignInSource.address("ip"))).sessionToken();
    }

    private String linkOf(String email) {
        Optional<NotificationRequest> sent = queue.ofKind(NotificationKind.TEAM_INVITATION).stream()
                .filter(r -> r.recipient().equals(email)).reduce((first, second) -> second);
        return sent.orElseThrow().params().get("link").substring((CONSOLE + "set-password?token=").length());
    }
}
