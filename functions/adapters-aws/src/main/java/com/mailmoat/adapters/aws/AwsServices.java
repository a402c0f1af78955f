package com.mailmoat.adapters.aws;

import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.adapters.aws.domains.DynamoDomainRepository;
import com.mailmoat.adapters.aws.notify.DynamoIdempotencyStore;
import com.mailmoat.adapters.aws.notify.DynamoInAppNotificationStore;
import com.mailmoat.adapters.aws.notify.SesEmailSender;
import com.mailmoat.adapters.aws.notify.SqsNotificationQueue;
import com.mailmoat.adapters.aws.scan.SqsScanRequests;
import com.mailmoat.adapters.aws.security.DynamoTokenStore;
import com.mailmoat.adapters.aws.session.DynamoAttemptCounter;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.config.Env;
import com.mailmoat.core.consent.ScanRequests;
import com.mailmoat.core.domains.DomainRepository;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.notify.NotificationService;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.session.LoginLimits;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.setup.DomainEvidence;
import com.mailmoat.core.setup.SetupChecklist;
import com.mailmoat.core.signup.PasswordHasher;
import com.mailmoat.core.signup.PasswordPolicy;
import com.mailmoat.core.signup.SignupService;
import java.time.Clock;
import java.time.Duration;

/**
 * The one place where core services meet their AWS adapters, configured from the environment that
 * template.yaml sets. Handlers call these from their no-argument constructors; tests build services
 * directly with other collaborators.
 */
public final class AwsServices {
    private static final Clock CLOCK = Clock.systemUTC();

    private AwsServices() {
    }

    public static AccountRepository accounts() {
        return new DynamoAccountRepository(AwsClients.dynamoDb(), Env.require("ACCOUNTS_TABLE"));
    }

    public static TokenStore tokens() {
        return new DynamoTokenStore(AwsClients.dynamoDb(), Env.require("TOKENS_TABLE"));
    }

    public static NotificationQueue notificationQueue() {
        return new SqsNotificationQueue(AwsClients.sqs(), Env.require("NOTIFICATIONS_QUEUE_URL"));
    }

    public static InAppNotificationStore inAppNotifications() {
        return new DynamoInAppNotificationStore(AwsClients.dynamoDb(), Env.require("NOTIFICATIONS_TABLE"));
    }

    public static DomainRepository domains() {
        return new DynamoDomainRepository(AwsClients.dynamoDb(), Env.require("ACCOUNTS_TABLE"));
    }

    public static ScanRequests scanRequests() {
        return new SqsScanRequests(AwsClients.sqs(), Env.require("SCAN_START_QUEUE_URL"), CLOCK);
    }

    public static Clock clock() {
        return CLOCK;
    }

    public static String consoleUrl() {
        return Env.require("CONSOLE_URL");
    }

    public static Sessions sessions() {
        return new Sessions(tokens(), CLOCK);
    }

    public static SignupService signupService() {
        return new SignupService(accounts(), tokens(), notificationQueue(), new PasswordPolicy(),
                new PasswordHasher(), CLOCK, consoleUrl());
    }

    public static LoginService loginService() {
        LoginLimits limits = new LoginLimits(
                Integer.parseInt(Env.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", "5")),
                Integer.parseInt(Env.get("LOGIN_MAX_FAILURES_PER_SOURCE", "50")),
                Duration.ofMinutes(Long.parseLong(Env.get("LOGIN_THROTTLE_WINDOW_MINUTES", "15"))));
        return new LoginService(accounts(), sessions(),
                new DynamoAttemptCounter(AwsClients.dynamoDb(), Env.require("THROTTLES_TABLE")),
                new PasswordHasher(), limits, CLOCK);
    }

    public static AccountService accountService(DomainEvidence domainEvidence) {
        return new AccountService(accounts(), new SetupChecklist(domainEvidence), CLOCK);
    }

    public static NotificationService notificationService() {
        return new NotificationService(
                new DynamoIdempotencyStore(AwsClients.dynamoDb(), Env.require("IDEMPOTENCY_TABLE"), CLOCK),
                new SesEmailSender(AwsClients.ses(), Env.require("SENDER_EMAIL")),
                inAppNotifications());
    }
}
