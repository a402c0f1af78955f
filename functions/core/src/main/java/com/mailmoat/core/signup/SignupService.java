package com.mailmoat.core.signup;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Emails;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.core.security.StoredToken;
import com.mailmoat.core.security.TokenKind;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-up and the set-password link. Sign-up answers the same whether or not the address is
 * known, so the API never reveals which addresses have accounts.
 */
public final class SignupService {
    public static final Duration SET_PASSWORD_LINK_LIFETIME = Duration.ofHours(24);
    private static final int MAX_COMPANY_LENGTH = 200;

    private final AccountRepository accounts;
    private final TokenStore tokens;
    private final NotificationQueue notifications;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final String consoleUrl;

    public SignupService(AccountRepository accounts, TokenStore tokens, NotificationQueue notifications,
                         PasswordPolicy policy, PasswordHasher hasher, Clock clock, String consoleUrl) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.notifications = notifications;
        this.policy = policy;
        this.hasher = hasher;
        this.clock = clock;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    public PasswordPolicy policy() {
        return policy;
    }

    /**
     * Creates the account and emails a set-password link. For a known address that has no
     * password yet a fresh link is sent (the first may have been lost); otherwise nothing happens.
     *
     * @throws InvalidInputException when the email, company or region is unusable
     */
    public void signUp(String email, String company, String region) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> normalised = Emails.normalise(email);
        if (normalised.isEmpty()) {
            errors.add(new FieldError("email", "Enter a valid email address."));
        }
        if (company == null || company.isBlank()) {
            errors.add(new FieldError("company", "Enter your company name."));
        } else if (company.length() > MAX_COMPANY_LENGTH) {
            errors.add(new FieldError("company", "Use at most " + MAX_COMPANY_LENGTH + " characters."));
        }
        Optional<Region> parsedRegion = Region.parse(region);
        if (parsedRegion.isEmpty()) {
            errors.add(new FieldError("region", "Choose one of US, UK, DE, CA, AU, ZA."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Instant now = clock.instant();
        Account fresh = Account.signedUp(UUID.randomUUID().toString(), normalised.get(), company.trim(),
                parsedRegion.get(), now);
        if (accounts.create(fresh)) {
            sendSetPasswordLink(fresh, now);
            return;
        }
        accounts.findByEmail(normalised.get())
                .filter(existing -> !existing.hasPassword())
                .ifPresent(existing -> sendSetPasswordLink(existing, now));
    }

    /** Sets the password from a link's token; the token is spent only when the password is accepted. */
    public SetPasswordResult setPassword(String token, String password) {
        if (token == null || token.isBlank()) {
            return new SetPasswordResult.InvalidToken();
        }
        Instant now = clock.instant();
        String tokenHash = SecretTokens.hash(token);
        Optional<StoredToken> stored = tokens.find(tokenHash)
                .filter(t -> t.kind() == TokenKind.SET_PASSWORD && !t.isExpiredAt(now));
        if (stored.isEmpty()) {
            return new SetPasswordResult.InvalidToken();
        }
        Optional<Account> account = accounts.findById(stored.get().accountId());
        if (account.isEmpty()) {
            return new SetPasswordResult.InvalidToken();
        }
        List<PasswordViolation> violations = policy.violations(password, account.get().email());
        if (!violations.isEmpty()) {
            return new SetPasswordResult.WeakPassword(violations);
        }
        // Spend the token atomically: of two racing requests only one gets past this line.
        if (tokens.take(tokenHash).isEmpty()) {
            return new SetPasswordResult.InvalidToken();
        }
        Account updated = accounts.update(account.get().withPassword(hasher.hash(password), now));
        String loginUrl = consoleUrl;
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), updated.accountId(),
                NotificationKind.ACCOUNT_DETAILS, updated.email(),
                Map.of("loginUrl", loginUrl, "company", updated.company()), now));
        return new SetPasswordResult.PasswordSet(loginUrl);
    }

    /**
     * Creates (or resets the password of) an account in one step, for the local demo and operators'
     * tooling; it applies the same password rules.
     */
    public Account createAccountWithPassword(String email, String company, Region region, String password) {
        String normalised = Emails.normalise(email)
                .orElseThrow(() -> new InvalidInputException(List.of(new FieldError("email", "Enter a valid email address."))));
        List<PasswordViolation> violations = policy.violations(password, normalised);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.stream()
                    .map(v -> new FieldError("password", v.message())).toList());
        }
        Instant now = clock.instant();
        accounts.create(Account.signedUp(UUID.randomUUID().toString(), normalised, company, region, now));
        Account account = accounts.findByEmail(normalised).orElseThrow();
        return accounts.update(account.withPassword(hasher.hash(password), now));
    }

    private void sendSetPasswordLink(Account account, Instant now) {
        String token = SecretTokens.generate();
        tokens.put(new StoredToken(SecretTokens.hash(token), TokenKind.SET_PASSWORD, account.accountId(),
                now.plus(SET_PASSWORD_LINK_LIFETIME), Map.of()));
        notifications.enqueue(new NotificationRequest(UUID.randomUUID().toString(), account.accountId(),
                NotificationKind.SET_PASSWORD_LINK, account.email(),
                Map.of("link", consoleUrl + "set-password?token=" + token, "company", account.company()), now));
    }
}
