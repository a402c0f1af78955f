package com.mailmoat.local.demo;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SignupLimits;
import com.mailmoat.core.signup.SignupService;
import com.mailmoat.lambda.config.Environment;
import java.time.Clock;
import java.security.SecureRandom;

/**
 * The console login of {@code --demo}: an account created directly through the sign-up service
 * (same password rules and hashing as a real sign-up, no email round trip). Run again with the
 * same data directory, it resets that account's password to a new one.
 */
public final class DemoAccount {
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "-_.!";

    private DemoAccount() {
    }

    /**
     * A demo login for {@code admin@domain}.
     *
     * @param email    the login
     * @param password its password
     */
    public record Login(String email, String password) {
    }

    /** Creates (or resets) the demo account; needs the functions' configuration already set. */
    public static Login create(String domain, String company) {
        String email = "admin@" + domain;
        String password = generatePassword();
        AwsAdapters aws = new AwsAdapters(Environment.system(), Clock.systemUTC());
        new SignupService(aws.accounts(), aws.tokens(), aws.notificationQueue(), aws.attemptCounter(),
                SignupLimits.DEFAULT, new PasswordPolicy(), new PasswordHasher(), Clock.systemUTC(),
                Environment.system().require("CONSOLE_URL"))
                .createAccountWithPassword(email, company, Region.US, password);
        return new Login(email, password);
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
