package com.mailmoat.adapters.aws;

import com.mailmoat.adapters.aws.account.DynamoAccountData;
import com.mailmoat.adapters.aws.account.DynamoAccountRepository;
import com.mailmoat.adapters.aws.account.SqsAccountErasureRequests;
import com.mailmoat.core.account.AccountData;
import com.mailmoat.core.account.AccountErasureRequests;
import com.mailmoat.adapters.aws.detection.DynamoDetectionRepository;
import com.mailmoat.adapters.aws.directory.DynamoDirectoryRepository;
import com.mailmoat.adapters.aws.directory.SqsDirectoryRefreshRequests;
import com.mailmoat.adapters.aws.domains.DynamoDomainRepository;
import com.mailmoat.adapters.aws.idempotency.DynamoIdempotencyStore;
import com.mailmoat.adapters.aws.notify.DynamoBrandingRepository;
import com.mailmoat.adapters.aws.notify.DynamoEmailChoicesRepository;
import com.mailmoat.adapters.aws.notify.DynamoInAppNotificationStore;
import com.mailmoat.adapters.aws.notify.SesEmailSender;
import com.mailmoat.adapters.aws.notify.SqsNotificationQueue;
import com.mailmoat.adapters.aws.policy.DynamoPolicyRepository;
import com.mailmoat.adapters.aws.queue.SqsQueueControl;
import com.mailmoat.adapters.aws.realtime.DynamoDeltaTokens;
import com.mailmoat.adapters.aws.realtime.DynamoRealTimeHealth;
import com.mailmoat.adapters.aws.realtime.DynamoRealTimeStats;
import com.mailmoat.adapters.aws.realtime.DynamoSubscriptionStore;
import com.mailmoat.adapters.aws.realtime.SqsMailEventQueue;
import com.mailmoat.adapters.aws.realtime.SqsSyncRequests;
import com.mailmoat.adapters.aws.remediation.DynamoRemediationRepository;
import com.mailmoat.adapters.aws.remediation.SqsRemediationQueue;
import com.mailmoat.adapters.aws.scan.DynamoScanRepository;
import com.mailmoat.adapters.aws.scan.SqsScanPageQueue;
import com.mailmoat.adapters.aws.scan.SqsScanRequests;
import com.mailmoat.adapters.aws.security.DynamoTokenStore;
import com.mailmoat.adapters.aws.session.DynamoAttemptCounter;
import com.mailmoat.adapters.aws.trial.DynamoTrialAccounts;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.TenantLinks;
import com.mailmoat.adapters.aws.upgrade.DynamoUpgradeRepository;
import com.mailmoat.adapters.aws.upgrade.SfnUpgradeWorkflow;
import com.mailmoat.adapters.aws.upgrade.SqsRuleSyncRequests;
import com.mailmoat.core.upgrade.RuleSyncRequests;
import com.mailmoat.core.upgrade.UpgradeRepository;
import com.mailmoat.core.upgrade.UpgradeWorkflow;
import software.amazon.awssdk.services.sfn.SfnClient;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.directory.DirectoryRefreshRequests;
import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.domains.DomainRepository;
import com.mailmoat.core.idempotency.IdempotencyStore;
import com.mailmoat.core.notify.BrandingRepository;
import com.mailmoat.core.notify.EmailChoicesRepository;
import com.mailmoat.core.notify.EmailSender;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.notify.NotificationQueue;
import com.mailmoat.core.policy.PolicyRepository;
import com.mailmoat.core.realtime.DeltaTokenStore;
import com.mailmoat.core.realtime.MailEventQueue;
import com.mailmoat.core.realtime.RealTimeHealth;
import com.mailmoat.core.realtime.RealTimeStats;
import com.mailmoat.core.realtime.SubscriptionStore;
import com.mailmoat.core.realtime.SyncRequests;
import com.mailmoat.core.remediation.RemediationQueue;
import com.mailmoat.core.remediation.RemediationRepository;
import com.mailmoat.core.scan.ScanPageQueue;
import com.mailmoat.core.scan.ScanRepository;
import com.mailmoat.core.scan.ScanRequests;
import com.mailmoat.core.security.TokenStore;
import com.mailmoat.core.session.AttemptCounter;
import com.mailmoat.core.trial.TrialAccounts;
import com.mailmoat.lambda.sqs.QueueControl;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Builds the AWS adapters of one function from its settings (the environment template.yaml sets:
 * table names, queue URLs). It only constructs adapters; services are assembled by the function's
 * own wiring. Each AWS client is built on first use and shared by every adapter of the instance;
 * clients use the JDK's URL connection client (small, quick to start), and
 * {@code AWS_ENDPOINT_URL_<SERVICE>} points one elsewhere (the local runtime's stand-ins).
 */
public final class AwsAdapters {
    private final Settings settings;
    private final Clock clock;
    private final Supplier<DynamoDbClient> dynamo;
    private final Supplier<SqsClient> sqs;
    private final Supplier<SesV2Client> ses;
    private final Supplier<SfnClient> sfn;

    public AwsAdapters(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.dynamo = Lazy.of(() -> configure(DynamoDbClient.builder(), "DYNAMODB").build());
        this.sqs = Lazy.of(() -> configure(SqsClient.builder(), "SQS").build());
        this.ses = Lazy.of(() -> configure(SesV2Client.builder(), "SESV2").build());
        this.sfn = Lazy.of(() -> configure(SfnClient.builder(), "SFN").build());
    }

    public AccountRepository accounts() {
        return new DynamoAccountRepository(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    /** The accounts' team members, in the Accounts table. */
    public com.mailmoat.core.team.TeamRepository team() {
        return new com.mailmoat.adapters.aws.account.DynamoTeamRepository(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    /** Console sessions, the owner's and the team members'. */
    public com.mailmoat.core.session.Sessions sessions() {
        return new com.mailmoat.core.session.Sessions(tokens(), clock, team());
    }

    /** The accounts' activity logs, in the Accounts table. */
    public com.mailmoat.adapters.aws.activity.DynamoActivityLog activityLog() {
        return new com.mailmoat.adapters.aws.activity.DynamoActivityLog(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    /** The activity recorder: {@link #activityLog()} with the administrators' addresses from the Accounts table. */
    public com.mailmoat.core.activity.Activity activity() {
        return new com.mailmoat.core.activity.Activity(activityLog(), accounts(), clock);
    }

    /** An account's data in every table keyed by account except the Accounts table (its own store erases that). */
    public AccountData accountData() {
        return new DynamoAccountData(dynamo.get(), List.of(
                DynamoAccountData.Table.tenantData(settings.require("DETECTIONS_TABLE"), "detectionId"),
                DynamoAccountData.Table.tenantData(settings.require("SCANS_TABLE"), "sk"),
                DynamoAccountData.Table.tenantData(settings.require("JOBS_TABLE"), "sk"),
                DynamoAccountData.Table.tenantData(settings.require("LEARNING_TABLE"), "sk"),
                DynamoAccountData.Table.tenantData(settings.require("DIRECTORY_TABLE"), "sk"),
                new DynamoAccountData.Table(settings.require("REALTIME_TABLE"), "sk", true, true),
                DynamoAccountData.Table.administrators(settings.require("POLICIES_TABLE"), "sk"),
                DynamoAccountData.Table.administrators(settings.require("NOTIFICATIONS_TABLE"), "sk")));
    }

    /** The account-erasure queue ({@code ACCOUNT_ERASURE_QUEUE_URL}). */
    public AccountErasureRequests accountErasureRequests() {
        return new SqsAccountErasureRequests(sqs.get(), settings.require("ACCOUNT_ERASURE_QUEUE_URL"));
    }

    /** The accounts' tenant links (offboarding releases them). */
    public TenantLinks tenantLinks() {
        return new DynamoAccountRepository(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    /** Upgrades to Monitor / Protect, in the Jobs table. */
    public UpgradeRepository upgrades() {
        return new DynamoUpgradeRepository(dynamo.get(), settings.require("JOBS_TABLE"));
    }

    /** Starts the upgrade state machine named by {@code UPGRADE_STATE_MACHINE_ARN}. */
    public UpgradeWorkflow upgradeWorkflow() {
        return new SfnUpgradeWorkflow(sfn.get(), settings.require("UPGRADE_STATE_MACHINE_ARN"));
    }

    /** The rule-sync queue ({@code RULE_SYNC_QUEUE_URL}). */
    public RuleSyncRequests ruleSyncRequests() {
        return new SqsRuleSyncRequests(sqs.get(), settings.require("RULE_SYNC_QUEUE_URL"), clock);
    }

    public DomainRepository domains() {
        return new DynamoDomainRepository(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    public TokenStore tokens() {
        return new DynamoTokenStore(dynamo.get(), settings.require("TOKENS_TABLE"), settings.require("ACCOUNTS_TABLE"));
    }

    /**
     * Each account's two-step sign-in, beside its profile in the Accounts table, its secrets sealed by
     * {@code sealer} ({@link com.mailmoat.adapters.aws.twostep.TwoStepKey#sealer}: build it once per function).
     */
    public com.mailmoat.core.twostep.TwoStepStore twoStep(com.mailmoat.core.security.SecretSealer sealer) {
        return new com.mailmoat.adapters.aws.twostep.DynamoTwoStepStore(dynamo.get(), settings.require("ACCOUNTS_TABLE"),
                sealer);
    }

    public AttemptCounter attemptCounter() {
        return new DynamoAttemptCounter(dynamo.get(), settings.require("THROTTLES_TABLE"));
    }

    public IdempotencyStore idempotency() {
        return new DynamoIdempotencyStore(dynamo.get(), settings.require("IDEMPOTENCY_TABLE"), clock);
    }

    public InAppNotificationStore inAppNotifications() {
        return new DynamoInAppNotificationStore(dynamo.get(), settings.require("NOTIFICATIONS_TABLE"));
    }

    public NotificationQueue notificationQueue() {
        return new SqsNotificationQueue(sqs.get(), settings.require("NOTIFICATIONS_QUEUE_URL"));
    }

    public ScanRequests scanRequests() {
        return new SqsScanRequests(sqs.get(), settings.require("SCAN_START_QUEUE_URL"), clock);
    }

    public ScanRepository scans() {
        return new DynamoScanRepository(dynamo.get(), settings.require("SCANS_TABLE"));
    }

    public DetectionRepository detections() {
        return new DynamoDetectionRepository(dynamo.get(), settings.require("DETECTIONS_TABLE"));
    }

    public RemediationRepository remediations() {
        return new DynamoRemediationRepository(dynamo.get(), settings.require("JOBS_TABLE"),
                settings.require("DETECTIONS_TABLE"));
    }

    /** Feedback and learnt models (the learning table); one object serves both ports. */
    public com.mailmoat.adapters.aws.learning.DynamoLearningStore learning() {
        return new com.mailmoat.adapters.aws.learning.DynamoLearningStore(dynamo.get(), settings.require("LEARNING_TABLE"));
    }

    public com.mailmoat.core.learning.LearningQueue learningQueue() {
        return new com.mailmoat.adapters.aws.learning.SqsLearningQueue(sqs.get(), settings.require("LEARNING_QUEUE_URL"));
    }

    public RemediationQueue remediationQueue() {
        return new SqsRemediationQueue(sqs.get(), settings.require("REMEDIATION_QUEUE_URL"));
    }

    public BrandingRepository brandings() {
        return new DynamoBrandingRepository(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    /** The accounts' logo copies, beside the branding in the Accounts table. */
    public com.mailmoat.core.notify.LogoStore logos() {
        return new com.mailmoat.adapters.aws.notify.DynamoLogoStore(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    public EmailChoicesRepository emailChoices() {
        return new DynamoEmailChoicesRepository(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    /** Each account's extra alert recipients, beside its profile in the Accounts table. */
    public com.mailmoat.core.recipients.AlertRecipientRepository alertRecipients() {
        return new com.mailmoat.adapters.aws.recipients.DynamoAlertRecipientRepository(dynamo.get(),
                settings.require("ACCOUNTS_TABLE"));
    }

    public TrialAccounts trialAccounts() {
        return new DynamoTrialAccounts(dynamo.get(), settings.require("ACCOUNTS_TABLE"));
    }

    public PolicyRepository policies() {
        return new DynamoPolicyRepository(dynamo.get(), settings.require("POLICIES_TABLE"));
    }

    public DirectoryRepository directory() {
        return new DynamoDirectoryRepository(dynamo.get(), settings.require("DIRECTORY_TABLE"));
    }

    public DirectoryRefreshRequests directoryRefreshes() {
        return new SqsDirectoryRefreshRequests(sqs.get(), settings.require("DIRECTORY_SYNC_QUEUE_URL"));
    }

    /** The scan-chunks queue; on a FIFO queue, {@code SCAN_SLOTS_PER_TENANT} (default 4) pages per tenant at most. */
    public ScanPageQueue scanPages() {
        return new SqsScanPageQueue(sqs.get(), settings.require("SCAN_CHUNKS_QUEUE_URL"),
                settings.getInt("SCAN_SLOTS_PER_TENANT", 4));
    }

    public EmailSender emailSender() {
        return new SesEmailSender(ses.get(), settings.require("SENDER_EMAIL"));
    }

    /** Graph mail subscriptions (the RealTime table). */
    public SubscriptionStore subscriptionStore() {
        return new DynamoSubscriptionStore(dynamo.get(), settings.require("REALTIME_TABLE"));
    }

    /** The real-time path's daily figures and latest events (the RealTime table). */
    public RealTimeStats realTimeStats() {
        return new DynamoRealTimeStats(dynamo.get(), settings.require("REALTIME_TABLE"));
    }

    /** Each protected mailbox's delta links (the RealTime table). */
    public DeltaTokenStore deltaTokens() {
        return new DynamoDeltaTokens(dynamo.get(), settings.require("REALTIME_TABLE"));
    }

    /** A subscription Microsoft refused, until a sync succeeds (the RealTime table). */
    public RealTimeHealth realTimeHealth() {
        return new DynamoRealTimeHealth(dynamo.get(), settings.require("REALTIME_TABLE"));
    }

    public MailEventQueue mailEventQueue() {
        return new SqsMailEventQueue(sqs.get(), settings.require("MAIL_EVENTS_QUEUE_URL"));
    }

    public SyncRequests subscriptionSyncRequests() {
        return new SqsSyncRequests(sqs.get(), settings.require("SUBSCRIPTION_SYNC_QUEUE_URL"));
    }

    /** Visibility changes and dead-lettering for SQS consumers. */
    public QueueControl queueControl() {
        return new SqsQueueControl(sqs.get());
    }

    /** The DynamoDB client, for adapters defined next to a function. */
    public DynamoDbClient dynamoDb() {
        return dynamo.get();
    }

    /** The SQS client, for adapters defined next to a function. */
    public SqsClient sqsClient() {
        return sqs.get();
    }

    /**
     * SnapStart priming: a consistent GetItem of a random key in the table named by
     * {@code tableSetting} (nothing is written). {@code keyAttributes} are the table's key names.
     */
    public void primeDynamoDb(String tableSetting, String... keyAttributes) {
        String table = settings.require(tableSetting);
        Map<String, AttributeValue> key = new HashMap<>();
        for (String attribute : keyAttributes) {
            key.put(attribute, DynamoItems.s("priming-" + UUID.randomUUID()));
        }
        dynamo.get().getItem(r -> r.tableName(table).key(key).consistentRead(true));
    }

    /**
     * SnapStart priming: the ARN of the queue whose URL {@code queueUrlSetting} names, a read
     * (the function needs {@code sqs:GetQueueAttributes} on it).
     */
    public void primeSqs(String queueUrlSetting) {
        String url = settings.require(queueUrlSetting);
        sqs.get().getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN));
    }

    /**
     * SnapStart priming: looks up the sender's SES identity (the domain of {@code SENDER_EMAIL}), a
     * read (needs {@code ses:GetEmailIdentity} on it). "Not found" still made the round trip: the
     * local SES endpoint only knows SendEmail.
     */
    public void primeSes() {
        String sender = settings.require("SENDER_EMAIL");
        String identity = sender.substring(sender.indexOf('@') + 1);
        try {
            ses.get().getEmailIdentity(r -> r.emailIdentity(identity));
        } catch (NotFoundException e) {
            // The request and its error answer went through every layer of the client.
        }
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        settings.find("AWS_ENDPOINT_URL_" + service).ifPresent(url -> builder.endpointOverride(URI.create(url)));
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder;
    }
}
