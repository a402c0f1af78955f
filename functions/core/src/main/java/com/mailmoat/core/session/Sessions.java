package com.mailmoat.core.session;

import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.team.TeamMember;
import com.mailmoat.core.team.TeamRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Console sessions: issued at login, looked up by cookie on every request, ended at logout. */
public final class Sessions {
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final int MAX_TOKEN_LENGTH = 200;

    /** On a member's session: whose it is (absent on the owner's). */
    static final String MEMBER_ID = StoredToken.MEMBER_ID;
    /** On a member's session: their passwordSetAt when it was issued (a new password ends older sessions). */
    private static final String PASSWORD_SET_AT = "passwordSetAt";

    private final TokenStore tokens;
    private final Clock clock;
    private final TeamRepository team;

    /** Sessions of owners only: a team member's session is refused. */
    public Sessions(TokenStore tokens, Clock clock) {
        this(tokens, clock, null);
    }

    /** @param team where a member's session finds its member (and so its role, or that it was removed) */
    public Sessions(TokenStore tokens, Clock clock, TeamRepository team) {
        this.tokens = tokens;
        this.clock = clock;
        this.team = team;
    }

    /** A new session for the account; the returned token goes into the cookie and nowhere else. */
    public IssuedSession issue(String accountId) {
        String token = SecretTokens.generate();
        Instant expiresAt = clock.instant().plus(LIFETIME);
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.SESSION, accountId, expiresAt, Map.of()));
        return new IssuedSession(token, expiresAt);
    }

    /** A new session for a team member of the account; a later password change of theirs ends it. */
    public IssuedSession issueForMember(TeamMember member) {
        String token = SecretTokens.generate();
        Instant expiresAt = clock.instant().plus(LIFETIME);
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.SESSION, member.accountId(), expiresAt,
                Map.of(MEMBER_ID, member.memberId(), PASSWORD_SET_AT, String.valueOf(member.passwordSetAt()))));
        return new IssuedSession(token, expiresAt);
    }

    /** The live session for a cookie value, if any. */
    public Optional<Session> authenticate(String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank() || sessionToken.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = SecretTokens.hash(sessionToken);
        return tokens.find(hash)
                .filter(t -> t.kind() == TokenKind.SESSION && !t.isExpiredAt(now))
                .flatMap(t -> {
                    String memberId = t.attributes().get(MEMBER_ID);
                    if (memberId == null) {
                        return Optional.of(new Session(t.accountId(), hash, t.expiresAt()));
                    }
                    // Read on every request: a removed member is out at once, a changed role applies at once.
                    return team == null ? Optional.empty() : team.find(t.accountId(), memberId)
                            .filter(TeamMember::hasPassword)
                            .filter(m -> String.valueOf(m.passwordSetAt()).equals(t.attributes().get(PASSWORD_SET_AT)))
                            .map(m -> new Session(t.accountId(), hash, t.expiresAt(), m.memberId(), m.email(), m.role()));
                });
    }

    public void end(String sessionToken) {
        if (sessionToken != null && !sessionToken.isBlank() && sessionToken.length() <= MAX_TOKEN_LENGTH) {
            tokens.delete(SecretTokens.hash(sessionToken));
        }
    }

    /** A session token as handed to the browser, with its expiry. */
    public record IssuedSession(String token, Instant expiresAt) {
    }
}
