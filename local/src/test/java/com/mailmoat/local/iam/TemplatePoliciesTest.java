package com.mailmoat.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.local.template.EventSource;
import com.mailmoat.local.template.FunctionDefinition;
import com.mailmoat.local.template.StackResources;
import com.mailmoat.local.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The permissions read from the project's own template.yaml, and the policy evaluation. */
class TemplatePoliciesTest {
    private static final Path ROOT = Path.of(System.getProperty("mailmoat.root", "..")).toAbsolutePath().normalize();
    private static final String ARN = "arn:aws:%s:us-east-1:000000000000:%s";
    private static StackResources stack;
    private static Map<String, FunctionDefinition> functions;

    @BeforeAll
    static void readTemplate() throws Exception {
        stack = new StackResources(Template.load(ROOT.resolve("template.yaml")), Map.of());
        functions = new java.util.HashMap<>();
        FunctionDefinition.readAll(stack).forEach(f -> functions.put(f.logicalId(), f));
    }

    private static FunctionPermissions permissions(String function) {
        return TemplatePolicies.of(stack, functions.get(function), IamMode.ENFORCE);
    }

    private static String table(String logicalId) {
        return (String) stack.getAtt(logicalId, "Arn");
    }

    private static String queue(String logicalId) {
        return stack.queueArn(logicalId);
    }

    @Test
    void allowsWhatAnInlineStatementGrantsAndNothingElse() {
        FunctionPermissions signup = permissions("SignupFunction");
        assertThat(signup.allows("dynamodb:GetItem", table("AccountsTable"))).isTrue();
        assertThat(signup.allows("dynamodb:DeleteItem", table("ThrottlesTable"))).isTrue();
        // Its statements name the actions it performs: no UpdateItem on Accounts, no access to Jobs.
        assertThat(signup.allows("dynamodb:UpdateItem", table("AccountsTable"))).isFalse();
        assertThat(signup.allows("dynamodb:GetItem", table("JobsTable"))).isFalse();
        assertThat(signup.allows("sqs:GetQueueAttributes", queue("NotificationsQueue"))).isTrue();
    }

    /** The sweep's give-up path needs a stalled verdict 30 minutes old, which no end-to-end run waits for. */
    @Test
    void theLearningSweepMayCountAndGiveUpVerdictsButNotCreateOrDeleteThem() {
        FunctionPermissions sweep = permissions("LearningSweepFunction");
        assertThat(sweep.allows("dynamodb:Query", table("LearningTable") + "/index/byPending")).isTrue();
        assertThat(sweep.allows("dynamodb:GetItem", table("LearningTable"))).isTrue();
        assertThat(sweep.allows("dynamodb:UpdateItem", table("LearningTable"))).isTrue();
        assertThat(sweep.allows("dynamodb:PutItem", table("LearningTable"))).isFalse();
        assertThat(sweep.allows("dynamodb:DeleteItem", table("LearningTable"))).isFalse();
        assertThat(sweep.allows("sqs:SendMessage", queue("LearningQueue"))).isTrue();
    }

    @Test
    void theUpgradeStateMachineMayInvokeEveryTaskItsDefinitionNames() {
        Map<String, Object> properties = stack.resource("UpgradeStateMachine").orElseThrow().properties();
        FunctionPermissions role = new FunctionPermissions("UpgradeStateMachine", "UpgradeStateMachine", IamMode.ENFORCE,
                TemplatePolicies.statements(stack.intrinsics().resolve(properties.get("Policies")), "UpgradeStateMachine"));
        Map<?, ?> tasks = (Map<?, ?>) stack.intrinsics().resolve(properties.get("DefinitionSubstitutions"));
        assertThat(tasks).isNotEmpty();
        // Each substitution is a task function's published alias (…:function:<name>:live).
        tasks.forEach((name, arn) -> assertThat(role.allows("lambda:InvokeFunction", String.valueOf(arn)))
                .as("the state machine invokes %s (%s)", name, arn).isTrue());
        assertThat(role.allows("lambda:InvokeFunction", String.format(ARN, "lambda", "function:"
                + functions.get("ConsoleApiFunction").functionName()))).as("a function that is not a task").isFalse();
    }

    @Test
    void actionsMatchWithoutRegardToCase() {
        assertThat(permissions("SignupFunction").allows("DynamoDB:getitem", table("AccountsTable"))).isTrue();
    }

    @Test
    void anIndexIsAResourceOfItsOwn() {
        FunctionPermissions schedule = permissions("ScanScheduleFunction");
        String accounts = table("AccountsTable");
        assertThat(schedule.allows("dynamodb:Query", accounts + "/index/byConnected")).isTrue();
        assertThat(schedule.allows("dynamodb:Query", accounts)).isFalse();
        assertThat(schedule.allows("dynamodb:Query", accounts + "/index/byTrialEnd")).isFalse();
        // ${DetectionsTable.Arn}/index/* covers every index of the table, not the table.
        FunctionPermissions scanStart = permissions("ScanStartFunction");
        assertThat(scanStart.allows("dynamodb:Query", table("DetectionsTable") + "/index/anyIndex")).isTrue();
        assertThat(scanStart.allows("dynamodb:Query", table("DetectionsTable"))).isFalse();
    }

    @Test
    void expandsSqsSendMessagePolicyToTheNamedQueue() {
        FunctionPermissions signup = permissions("SignupFunction");
        assertThat(signup.allows("sqs:SendMessage", queue("NotificationsQueue"))).isTrue();
        assertThat(signup.allows("sqs:SendMessageBatch", queue("NotificationsQueue"))).isTrue();
        assertThat(signup.allows("sqs:SendMessage", queue("ScanStartQueue"))).isFalse();
        assertThat(signup.allows("sqs:ReceiveMessage", queue("NotificationsQueue"))).isFalse();
    }

    @Test
    void aQueueEventSourceGivesThePollersManagedPolicy() {
        FunctionPermissions notification = permissions("NotificationFunction");
        // AWSLambdaSQSQueueExecutionRole: receive, delete and read attributes, on any queue.
        assertThat(notification.allows("sqs:DeleteMessage", queue("NotificationsQueue"))).isTrue();
        assertThat(notification.allows("sqs:ReceiveMessage", queue("ScanStartQueue"))).isTrue();
        assertThat(notification.allows("sqs:SendMessage", queue("ScanStartQueue"))).isFalse();
        // A function without one gets none of it.
        assertThat(permissions("SignupFunction").allows("sqs:DeleteMessage", queue("NotificationsQueue"))).isFalse();
    }

    @Test
    void expandsPolicyTemplatesWithTheirParameters() {
        List<Statement> crud = TemplatePolicies.statements(List.of(Map.of("DynamoDBCrudPolicy", Map.of("TableName", "Jobs")),
                Map.of("DynamoDBReadPolicy", Map.of("TableName", "Accounts")),
                Map.of("StepFunctionsExecutionPolicy", Map.of("StateMachineName", "Upgrade")),
                Map.of("SESCrudPolicy", Map.of("IdentityName", "mailmoat.example"))), "Test.Policies");
        FunctionPermissions permissions = new FunctionPermissions("Test", "Test", IamMode.ENFORCE, crud);
        assertThat(permissions.allows("dynamodb:UpdateItem", String.format(ARN, "dynamodb", "table/Jobs"))).isTrue();
        assertThat(permissions.allows("dynamodb:Query", String.format(ARN, "dynamodb", "table/Jobs/index/byTenant"))).isTrue();
        assertThat(permissions.allows("dynamodb:Query", String.format(ARN, "dynamodb", "table/Accounts"))).isTrue();
        assertThat(permissions.allows("dynamodb:PutItem", String.format(ARN, "dynamodb", "table/Accounts"))).isFalse();
        assertThat(permissions.allows("states:StartExecution", String.format(ARN, "states", "stateMachine:Upgrade"))).isTrue();
        assertThat(permissions.allows("ses:SendEmail", String.format(ARN, "ses", "identity/mailmoat.example"))).isTrue();
    }

    @Test
    void wildcardActionsAndResources() {
        List<Statement> statements = TemplatePolicies.statements(Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", "dynamodb:Get*", "Resource", String.format(ARN, "dynamodb", "table/Jo?s")),
                Map.of("Effect", "Allow", "Action", List.of("sqs:*"), "Resource", "*"))), "Test.Policies");
        FunctionPermissions permissions = new FunctionPermissions("Test", "Test", IamMode.ENFORCE, statements);
        assertThat(permissions.allows("dynamodb:GetItem", String.format(ARN, "dynamodb", "table/Jobs"))).isTrue();
        assertThat(permissions.allows("dynamodb:GetRecords", String.format(ARN, "dynamodb", "table/Jobs"))).isTrue();
        assertThat(permissions.allows("dynamodb:PutItem", String.format(ARN, "dynamodb", "table/Jobs"))).isFalse();
        assertThat(permissions.allows("dynamodb:GetItem", String.format(ARN, "dynamodb", "table/Jobs/index/x"))).isFalse();
        assertThat(permissions.allows("sqs:PurgeQueue", String.format(ARN, "sqs", "Anything"))).isTrue();
    }

    @Test
    void anExplicitDenyWins() {
        List<Statement> statements = TemplatePolicies.statements(Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", "dynamodb:*", "Resource", "*"),
                Map.of("Effect", "Deny", "Action", "dynamodb:DeleteItem", "Resource", String.format(ARN, "dynamodb", "table/Jobs")))),
                "Test.Policies");
        FunctionPermissions permissions = new FunctionPermissions("Test", "Test", IamMode.ENFORCE, statements);
        assertThat(permissions.allows("dynamodb:DeleteItem", String.format(ARN, "dynamodb", "table/Jobs"))).isFalse();
        assertThat(permissions.allows("dynamodb:DeleteItem", String.format(ARN, "dynamodb", "table/Scans"))).isTrue();
    }

    @Test
    void anUnknownPolicyTemplateGrantsNothing() {
        assertThat(TemplatePolicies.statements(Map.of("NoSuchPolicy", Map.of("TableName", "Jobs")), "Test.Policies")).isEmpty();
        assertThat(TemplatePolicies.statements("AmazonDynamoDBFullAccess", "Test.Policies")).isEmpty();
    }

    /**
     * The paths an end-to-end run seldom takes: the shared SQS consumer (SqsQueueControl) finds its
     * queue and redrive policy, defers a message, re-queues it with a delay and dead-letters it.
     */
    @Test
    void everyQueueConsumerMayDeferRequeueAndDeadLetterItsMessages() {
        for (FunctionDefinition function : functions.values()) {
            FunctionPermissions permissions = permissions(function.logicalId());
            for (EventSource event : function.events()) {
                if (!(event instanceof EventSource.Sqs sqs)) {
                    continue;
                }
                String queue = queue(sqs.queueLogicalId());
                Map<?, ?> redrive = (Map<?, ?>) stack.intrinsics().resolve(stack.resource(sqs.queueLogicalId())
                        .orElseThrow().properties().get("RedrivePolicy"));
                String where = function.logicalId() + " on " + sqs.queueLogicalId();
                for (String action : List.of("sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility",
                        "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage")) {
                    assertThat(permissions.allows(action, queue)).as(where + ": " + action).isTrue();
                }
                assertThat(redrive).as(where + ": a redrive policy").isNotNull();
                assertThat(permissions.allows("sqs:SendMessage", String.valueOf(redrive.get("deadLetterTargetArn"))))
                        .as(where + ": sqs:SendMessage on its DLQ").isTrue();
            }
        }
    }

    /**
     * The Microsoft client secret is read from Secrets Manager at the first Microsoft call, which the
     * local runtime answers from its own settings: a missing grant would only show in AWS. A function
     * named the secret may read it (the ARN ends in a random suffix); one not named it may not.
     */
    @Test
    void exactlyTheFunctionsGivenTheMicrosoftSecretsNameMayReadIt() {
        String secret = String.format(ARN, "secretsmanager", "secret:"
                + stack.intrinsics().resolve(Map.of("Ref", "MicrosoftClientSecretName")) + "-AbCdEf");
        List<String> named = new java.util.ArrayList<>();
        for (FunctionDefinition function : functions.values()) {
            boolean given = function.environment().containsKey("M365_CLIENT_SECRET_NAME");
            assertThat(permissions(function.logicalId()).allows("secretsmanager:GetSecretValue", secret))
                    .as("%s, %s the secret's name", function.logicalId(), given ? "given" : "not given").isEqualTo(given);
            if (given) {
                named.add(function.logicalId());
            }
        }
        assertThat(named).contains("ScanChunkFunction", "LearningFunction", "MailEventsFunction")
                .as("the upgrade's notification task calls no Microsoft API").doesNotContain("NotifyCompleteFunction");
    }

    /**
     * The two-step key secret is read from Secrets Manager at the first two-step request, which the local
     * runtime answers from its own settings: a missing grant would only show in AWS, and a grant to a
     * function that never reads two-step state would widen who can open the secrets. Exactly the
     * functions named the secret may read it, only it, and they are the ones serving sign-in and two-step.
     */
    @Test
    void exactlyTheFunctionsServingTwoStepSignInMayReadTheTwoStepKey() {
        String secret = (String) stack.ref("TwoStepKeySecret");
        assertThat(secret).startsWith(String.format(ARN, "secretsmanager", "secret:TwoStepKeySecret-"));
        List<String> named = new java.util.ArrayList<>();
        List<String> serving = new java.util.ArrayList<>();
        for (FunctionDefinition function : functions.values()) {
            boolean given = function.environment().containsKey("TWO_STEP_KEY_SECRET_NAME");
            FunctionPermissions permissions = permissions(function.logicalId());
            assertThat(permissions.allows("secretsmanager:GetSecretValue", secret))
                    .as("%s, %s the two-step key's name", function.logicalId(), given ? "given" : "not given").isEqualTo(given);
            if (given) {
                named.add(function.logicalId());
                assertThat(stack.intrinsics().resolve(function.environment().get("TWO_STEP_KEY_SECRET_NAME")))
                        .as(function.logicalId()).isEqualTo(secret);
                assertThat(permissions.allows("secretsmanager:GetSecretValue", String.format(ARN, "secretsmanager",
                        "secret:mailmoat/other-AbCdEf"))).as(function.logicalId() + " reads no other secret").isFalse();
            }
            if (function.events().stream().anyMatch(e -> e instanceof EventSource.HttpApi http
                    && (http.path().startsWith("/api/login") || http.path().startsWith("/api/account/two-step")))) {
                serving.add(function.logicalId());
            }
        }
        assertThat(serving).isNotEmpty();
        assertThat(named).containsExactlyInAnyOrderElementsOf(serving);
    }

    @Test
    void everyFunctionOfTheTemplateHasPermissions() {
        functions.values().forEach(function -> assertThat(TemplatePolicies.of(stack, function, IamMode.ENFORCE).statements())
                .as(function.logicalId()).isNotEmpty());
    }
}
