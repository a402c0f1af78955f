package com.mailmoat.local.iam;

import com.mailmoat.local.template.Intrinsics;
import com.mailmoat.local.template.TemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SAM policy templates the local runtime expands (as SAM's transform defines them), and the
 * AWS managed policies SAM attaches to function roles. A template or managed policy not listed
 * here grants nothing locally (start-up warns), so a call it would allow is denied: add it here.
 */
final class SamPolicyTemplates {
    private static final String ARN = "arn:aws:%s:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":%s";
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{(\\w+)}");

    private static final List<String> DYNAMODB_READ = List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query",
            "dynamodb:BatchGetItem", "dynamodb:DescribeTable");
    private static final List<String> DYNAMODB_CRUD = List.of("dynamodb:GetItem", "dynamodb:DeleteItem",
            "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem",
            "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem");
    private static final List<String> TABLE_AND_INDEXES = List.of(arn("dynamodb", "table/${TableName}"),
            arn("dynamodb", "table/${TableName}/index/*"));
    private static final List<String> SES_SEND = List.of("ses:GetIdentityVerificationAttributes", "ses:SendEmail",
            "ses:SendRawEmail", "ses:VerifyEmailIdentity");
    private static final String SES_IDENTITY = arn("ses", "identity/${IdentityName}");
    private static final String QUEUE = arn("sqs", "${QueueName}");

    /** Template name to its statements, resources with {@code ${Parameter}} placeholders. */
    private static final Map<String, List<Statement>> TEMPLATES = Map.ofEntries(
            Map.entry("DynamoDBCrudPolicy", List.of(Statement.allow(DYNAMODB_CRUD, TABLE_AND_INDEXES))),
            Map.entry("DynamoDBReadPolicy", List.of(Statement.allow(DYNAMODB_READ, TABLE_AND_INDEXES))),
            Map.entry("DynamoDBWritePolicy", List.of(Statement.allow(List.of("dynamodb:PutItem",
                    "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"), TABLE_AND_INDEXES))),
            Map.entry("DynamoDBReconfigurePolicy", List.of(Statement.allow(List.of("dynamodb:UpdateTable"),
                    List.of(arn("dynamodb", "table/${TableName}"))))),
            Map.entry("SQSSendMessagePolicy", List.of(Statement.allow(List.of("sqs:SendMessage*"), List.of(QUEUE)))),
            Map.entry("SQSPollerPolicy", List.of(Statement.allow(List.of("sqs:ChangeMessageVisibility",
                    "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
                    "sqs:GetQueueAttributes", "sqs:ReceiveMessage"), List.of(QUEUE)))),
            Map.entry("SESCrudPolicy", List.of(Statement.allow(SES_SEND, List.of(SES_IDENTITY)))),
            Map.entry("SESBulkTemplatedCrudPolicy", List.of(Statement.allow(concat(SES_SEND,
                    List.of("ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail")), List.of(SES_IDENTITY)))),
            Map.entry("SESSendBouncePolicy", List.of(Statement.allow(List.of("ses:SendBounce"), List.of(SES_IDENTITY)))),
            Map.entry("StepFunctionsExecutionPolicy", List.of(Statement.allow(List.of("states:StartExecution"),
                    List.of(arn("states", "stateMachine:${StateMachineName}"))))),
            Map.entry("LambdaInvokePolicy", List.of(Statement.allow(List.of("lambda:InvokeFunction"),
                    List.of(arn("lambda", "function:${FunctionName}*"))))),
            Map.entry("AWSSecretsManagerGetSecretValuePolicy", List.of(Statement.allow(
                    List.of("secretsmanager:GetSecretValue"), List.of("${SecretArn}")))),
            Map.entry("SNSPublishMessagePolicy", List.of(Statement.allow(List.of("sns:Publish"),
                    List.of(arn("sns", "${TopicName}"))))),
            Map.entry("CloudWatchPutMetricPolicy", List.of(Statement.allow(List.of("cloudwatch:PutMetricData"),
                    List.of("*")))));

    private static final List<String> LOGS = List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");

    /** AWS managed policies by name (the last part of their ARN). */
    private static final Map<String, List<Statement>> MANAGED = Map.of(
            "AWSLambdaBasicExecutionRole", List.of(Statement.allow(LOGS, List.of("*"))),
            // What SAM attaches for an SQS event source: on every queue, not only the event's.
            "AWSLambdaSQSQueueExecutionRole", List.of(Statement.allow(concat(List.of("sqs:ReceiveMessage",
                    "sqs:DeleteMessage", "sqs:GetQueueAttributes"), LOGS), List.of("*"))));

    private SamPolicyTemplates() {
    }

    /** Whether {@code name} is a policy template expanded here. */
    static boolean isTemplate(String name) {
        return TEMPLATES.containsKey(name);
    }

    /** The statements of policy template {@code name} with {@code parameters} (resolved values). */
    static List<Statement> expand(String name, Map<?, ?> parameters, String where) {
        List<Statement> expanded = new ArrayList<>();
        for (Statement statement : TEMPLATES.get(name)) {
            List<String> resources = statement.resources().stream()
                    .map(resource -> substitute(resource, parameters, where + "." + name)).toList();
            expanded.add(new Statement(statement.allow(), statement.actions(), statement.notAction(), resources,
                    statement.notResource()));
        }
        return expanded;
    }

    /** The statements of the AWS managed policy named by {@code nameOrArn}, or null when not known here. */
    static List<Statement> managed(String nameOrArn) {
        return MANAGED.get(nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1));
    }

    private static String substitute(String resource, Map<?, ?> parameters, String where) {
        Matcher matcher = PARAMETER.matcher(resource);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = parameters.get(matcher.group(1));
            if (!(value instanceof String || value instanceof Number)) {
                throw new TemplateException(where + " needs the parameter " + matcher.group(1) + ", got: " + value);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String arn(String service, String resource) {
        return String.format(ARN, service, resource);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
