package com.mailmoat.local.demo;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SignupLimits;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.lambda.config.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console login of {@code --demo}: a ready account, created through the sign-up service (same
 * password rules and hashing as a real sign-up, no email round trip), connected to its own demo
 * Microsoft 365 tenant, with its first Threat Scan requested as consent would request it — so the
 * first look at the console shows the product working.
 *
 * <p>The password is kept in {@code demo-login.txt} of the data directory (readable by its owner
 * only) and stays the same across restarts of that directory; in memory, every start has a new one.
 */
public final class DemoAccount {
    private static final Logger LOG = LoggerFactory.getLogger(DemoAccount.class);
    /** The file of the data directory that keeps the demo password. */
    public static final String PASSWORD_FILE = "demo-login.txt";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "-_.";

    private DemoAccount() {
    }

    /**
     * A demo login.
     *
     * @param email    the login
     * @param password its password
     */
    public record Login(String email, String password) {
    }

    /**
     * The demo tenant the account is connected to.
     *
     * @param tenantId its id
     * @param domain   its mail domain (the login is admin@ it)
     * @param domains  every verified domain of the tenant, as consent would record them
     * @param company  its display name, used as the account's company
     */
    public record Tenant(String tenantId, String domain, List<String> domains, String company) {
    }

    /**
     * Creates the demo account (or keeps it when the data directory already has it with the saved
     * password), links it to {@code tenant} and requests its first Threat Scan unless it has one.
     * Needs the functions' configuration already set; the tenant must have consented.
     *
     * @param dataDir the data directory, or null in memory
     */
    public static Login prepare(Path dataDir, Tenant tenant) {
        Clock clock = Clock.systemUTC();
        AwsAdapters aws = new AwsAdapters(Environment.system(), clock);
        PasswordHasher hasher = new PasswordHasher();
        String email = "admin@" + tenant.domain();
        Path passwordFile = dataDir == null ? null : dataDir.resolve(PASSWORD_FILE);

        Optional<Account> existing = aws.accounts().findByEmail(email);
        String saved = readPassword(passwordFile);
        String password;
        if (existing.isPresent() && existing.get().hasPassword() && saved != null
                && hasher.verify(saved, existing.get().passwordHash())) {
            password = saved;
        } else {
            password = generatePassword();
            new SignupService(aws.accounts(), aws.tokens(), aws.notificationQueue(), aws.attemptCounter(),
                    SignupLimits.DEFAULT, new PasswordPolicy(), hasher, clock, Environment.system().require("CONSOLE_URL"))
                    .createAccountWithPassword(email, tenant.company(), Region.US, password);
            writePassword(passwordFile, email, password);
        }

        Account account = aws.accounts().findByEmail(email).orElseThrow();
        if (!account.isTenantLinked()) {
            if (!aws.accounts().linkTenant(account.withTenant(tenant.tenantId(), tenant.domains(), tenant.company()))) {
                LOG.warn("The demo tenant {} is connected to another account of this data directory; the demo login "
                        + "stays unconnected", tenant.tenantId());
                return new Login(email, password);
            }
            aws.notificationQueue().enqueue(new NotificationRequest(UUID.randomUUID().toString(), account.accountId(),
                    NotificationKind.SSO_CONSENT_GRANTED, email, Map.of("tenantId", tenant.tenantId()), clock.instant()));
        }
        if (aws.scans().recent(account.accountId(), 1).isEmpty()) {
            aws.scanRequests().requestFirstScan(account.accountId(), tenant.tenantId());
        }
        return new Login(email, password);
    }

    private static String readPassword(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && !line.startsWith("#")) {
                    return parts[1];
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.toString());
        }
        return null;
    }

    private static void writePassword(Path file, String email, String password) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own permissions protect it.
            }
            Files.writeString(file, "# The --demo console login of this data directory (email password).\n"
                    + email + " " + password + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Cannot save the demo password in {}: {}; it will change at the next start", file, e.toString());
        }
    }

    /** 20 characters from all four classes, e.g. {@code Moat-k7Qx...}: strong and easy to copy. */
    static String generatePassword() {
        SecureRandom random = new SecureRandom();
        String all = LOWER + UPPER + DIGITS;
        StringBuilder password = new StringBuilder("Moat");
        password.append(SYMBOLS.charAt(random.nextInt(SYMBOLS.length())));
        password.append(DIGITS.charAt(random.nextInt(DIGITS.length())));
        password.append(LOWER.charAt(random.nextInt(LOWER.length())));
        while (password.length() < 20) {
            password.append(all.charAt(random.nextInt(all.length())));
        }
        return password.toString();
    }
}
