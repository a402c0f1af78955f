package com.mailmoat.core.team;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityKind;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.core.validation.RefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The account's team: the owner invites people by address and role, changes their role and removes
 * them. An invitation is the sign-up's set-password link, addressed to the member ({@link #MEMBER_ID}
 * on the link): single use, {@link #INVITATION_LIFETIME}. A removed member's sessions end at once,
 * because every request reads the member behind its session.
 */
public final class TeamService {
    public static final int MAX_MEMBERS = 25;
    public static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    /** On a set-password link: the member it is for (absent on the owner's). */
    public static final String MEMBER_ID = StoredToken.MEMBER_ID;

    private final AccountRepository accounts;
    private final TeamRepository team;
    private final TokenStore tokens;
    private final NotificationQueue notifications;
    private final Activity activity;
    private final Clock clock;
    private final String consoleUrl;

    public TeamService(AccountRepository accounts, TeamRepository team, TokenStore tokens,
                       NotificationQueue notifications, Activity activity, Clock clock, String consoleUrl) {
        this.accounts = accounts;
        this.team = team;
        this.tokens = tokens;
        this.notifications = notifications;
        this.activity = activity;
        this.clock = clock;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    /** The owner first, then the members; the owner is listed from the account itself. */
    public Team list(String accountId) {
        Account account = accounts.findById(accountId).orElseThrow(() -> new NoSuchElementException(accountId));
        return new Team(account.email(), team.list(accountId), MAX_MEMBERS);
    }

    /**
     * Adds a member and emails them the link to choose their password.
     *
     * @throws InvalidInputException for an unusable address or role
     * @throws RefusedException      {@code already_member}, {@code email_in_use} or {@code team_full}
     */
    public TeamMember invite(String accountId, String email, String role) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> address = Emails.normalise(email);
        if (address.isEmpty()) {
            errors.add(new FieldError("email", "Enter a valid email address."));
        }
        Optional<Role> parsed = Role.memberRole(role);
        if (parsed.isEmpty()) {
            errors.add(new FieldError("role", "Choose Administrator, Analyst or Read-only."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Account account = accounts.findById(accountId).orElseThrow(() -> new NoSuchElementException(accountId));
        List<TeamMember> members = team.list(accountId);
        if (account.email().equals(address.get()) || members.stream().anyMatch(m -> m.email().equals(address.get()))) {
            throw new RefusedException("already_member", address.get() + " is already on this account's team.");
        }
        if (members.size() >= MAX_MEMBERS) {
            throw new RefusedException("team_full", "A team has at most " + MAX_MEMBERS
                    + " members besides the owner. Remove someone before inviting another person.");
        }
        Instant now = clock.instant();
        TeamMember member = TeamMember.invited(accountId, UUID.randomUUID().toString(), address.get(), parsed.get(),
                account.email(), now);
        if (!team.add(member)) {
            throw new RefusedException("email_in_use", address.get() + " already signs in to a Mailmoat account. "
                    + "An address can belong to one account only: invite another address of this person.");
        }
        sendInvitation(account, member, now);
        activity.byAdministrator(account, ActivityKind.TEAM_MEMBER_INVITED,
                () -> "Invited " + member.email() + " to the team as " + article(member.role()));
        return member;
    }

    /**
     * Emails an invited member a new link to choose their password (the invitation expired, or went to spam); an
     * earlier link still works until it expires, since both reach the same address.
     *
     * @throws NoSuchElementException when the account has no such member
     * @throws RefusedException       {@code already_active} when the member has chosen a password
     */
    public TeamMember resendInvitation(String accountId, String memberId) {
        TeamMember member = team.find(accountId, memberId).orElseThrow(() -> new NoSuchElementException(memberId));
        if (member.hasPassword()) {
            throw new RefusedException("already_active", member.email() + " has already chosen a password and signs in: "
                    + "there is no invitation to send again. If they forgot it, \"Forgot password?\" on the sign-in page sends a new one.");
        }
        Account account = accounts.findById(accountId).orElseThrow(() -> new NoSuchElementException(accountId));
        sendInvitation(account, member, clock.instant());
        activity.byAdministrator(account, ActivityKind.TEAM_MEMBER_INVITED,
                () -> "Sent the invitation to " + member.email() + " again");
        return member;
    }

    private void sendInvitation(Account account, TeamMember member, Instant now) {
        String token = SecretTokens.generate();
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.SET_PASSWORD, account.accountId(),
                now.plus(INVITATION_LIFETIME), Map.of(MEMBER_ID, member.memberId())));
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), account.accountId(),
                NotificationKind.TEAM_INVITATION, member.email(),
                Map.of("link", consoleUrl + "set-password?token=" + token,
                        "company", Objects.requireNonNullElse(account.company(), ""),
                        "role", member.role().label(),
                        "invitedBy", account.email()), now));
    }

    /**
     * @throws NoSuchElementException when the account has no such member
     */
    public TeamMember changeRole(String accountId, String memberId, String role) {
        Role parsed = Role.memberRole(role).orElseThrow(() -> new InvalidInputException(
                List.of(new FieldError("role", "Choose Administrator, Analyst or Read-only."))));
        for (int attempt = 0; attempt < 3; attempt++) {
            TeamMember member = team.find(accountId, memberId).orElseThrow(() -> new NoSuchElementException(memberId));
            if (member.role() == parsed) {
                return member;
            }
            try {
                TeamMember saved = team.update(member.withRole(parsed));
                activity.byAdministrator(accountId, ActivityKind.TEAM_MEMBER_ROLE_CHANGED, () -> "Changed the role of "
                        + member.email() + " from " + member.role().label() + " to " + parsed.label());
                return saved;
            } catch (ConcurrentUpdateException e) {
                // A sign-in recorded meanwhile: read again and apply the role to that.
            }
        }
        throw new ConcurrentUpdateException("Member " + memberId + " kept changing");
    }

    /**
     * Removes the member: their sessions stop working at once and their address is free again.
     *
     * @throws NoSuchElementException when the account has no such member
     */
    public void remove(String accountId, String memberId) {
        TeamMember member = team.find(accountId, memberId).orElseThrow(() -> new NoSuchElementException(memberId));
        team.remove(member);
        activity.byAdministrator(accountId, ActivityKind.TEAM_MEMBER_REMOVED,
                () -> "Removed " + member.email() + " (" + member.role().label() + ") from the team");
    }

    private static String article(Role role) {
        String label = role.label();
        return (role == Role.ADMINISTRATOR || role == Role.ANALYST ? "an " : "a ") + label;
    }

    /** The team as the console lists it. */
    public record Team(String ownerEmail, List<TeamMember> members, int maxMembers) {
        public Team {
            members = List.copyOf(members);
        }
    }
}
