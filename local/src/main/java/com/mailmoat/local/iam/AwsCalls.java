package com.mailmoat.local.iam;

import com.mailmoat.local.template.Intrinsics;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * What IAM authorises for an AWS SDK call: the action(s) and the ARN of the resource each acts
 * on, as the service documents it. DynamoDB: {@code dynamodb:<Operation>} on the table, or on
 * {@code table/<name>/index/<index>} for a Query or Scan of an index; a batch on each table it
 * names, a transaction as the actions of its parts. SQS: {@code sqs:<Operation>} on the queue
 * (a batch needs the single message's action). SES v2: {@code ses:<Operation>} on the identity
 * (SendEmail: the sender's address or domain identity, and its configuration set). Step
 * Functions: {@code states:<Operation>} on the state machine or execution. Anything else needs
 * {@code <service>:<Operation>} on {@code *}, so an unmapped call is denied unless allowed everywhere.
 */
public final class AwsCalls {
    private static final String ARN = "arn:aws:%s:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":%s";

    private AwsCalls() {
    }

    /**
     * The authorisations a call needs.
     *
     * @param service   the SDK's service name ({@code DynamoDb}, {@code Sqs}, {@code SesV2}, {@code Sfn}, ...)
     * @param operation the SDK's operation name, e.g. {@code UpdateItem}
     */
    public static List<Access> accesses(String service, String operation, SdkRequest request) {
        return switch (service) {
            case "DynamoDb" -> dynamoDb(operation, request);
            case "Sqs" -> List.of(sqs(operation, request));
            case "SesV2" -> ses(operation, request);
            case "Sfn" -> List.of(states(operation, request));
            default -> List.of(new Access(service.toLowerCase(Locale.ROOT) + ":" + operation, "*"));
        };
    }

    private static List<Access> dynamoDb(String operation, SdkRequest request) {
        List<Access> accesses = new ArrayList<>();
        if (request instanceof BatchGetItemRequest batch) {
            batch.requestItems().keySet().forEach(table -> accesses.add(new Access("dynamodb:BatchGetItem", table(table))));
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().keySet().forEach(table -> accesses.add(new Access("dynamodb:BatchWriteItem", table(table))));
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    accesses.add(new Access("dynamodb:PutItem", table(item.put().tableName())));
                }
                if (item.update() != null) {
                    accesses.add(new Access("dynamodb:UpdateItem", table(item.update().tableName())));
                }
                if (item.delete() != null) {
                    accesses.add(new Access("dynamodb:DeleteItem", table(item.delete().tableName())));
                }
                if (item.conditionCheck() != null) {
                    accesses.add(new Access("dynamodb:ConditionCheckItem", table(item.conditionCheck().tableName())));
                }
            }
        } else if (request instanceof TransactGetItemsRequest transaction) {
            for (TransactGetItem item : transaction.transactItems()) {
                accesses.add(new Access("dynamodb:GetItem", table(item.get().tableName())));
            }
        } else {
            String resource = field(request, "TableName").map(AwsCalls::table).orElse("*");
            Optional<String> index = field(request, "IndexName");
            if (index.isPresent() && !resource.equals("*")) {
                resource = resource + "/index/" + index.get();
            }
            accesses.add(new Access("dynamodb:" + operation, resource));
        }
        return accesses;
    }

    /** A table name or ARN as its ARN (DynamoDB accepts either). */
    private static String table(String name) {
        return name.startsWith("arn:") ? name : arn("dynamodb", "table/" + name);
    }

    private static Access sqs(String operation, SdkRequest request) {
        // SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch are authorised as their single forms.
        String action = "sqs:" + (operation.endsWith("Batch") ? operation.substring(0, operation.length() - 5) : operation);
        Optional<String> name = field(request, "QueueUrl").map(url -> {
            String path = URI.create(url).getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }).or(() -> field(request, "QueueName"));
        return new Access(action, name.map(queue -> arn("sqs", queue)).orElse("*"));
    }

    private static List<Access> ses(String operation, SdkRequest request) {
        String action = "ses:" + operation;
        List<Access> accesses = new ArrayList<>();
        Optional<String> identityArn = field(request, "FromEmailAddressIdentityArn");
        Optional<String> from = field(request, "FromEmailAddress");
        if (identityArn.isPresent()) {
            accesses.add(new Access(action, identityArn.get()));
        } else if (from.isPresent()) {
            // SES authorises a send on the identity it sends as: the address itself or its domain.
            String address = address(from.get());
            accesses.add(new Access(action, List.of(arn("ses", "identity/" + address),
                    arn("ses", "identity/" + address.substring(address.indexOf('@') + 1)))));
        } else {
            field(request, "EmailIdentity").ifPresent(identity -> accesses.add(new Access(action, arn("ses", "identity/" + identity))));
        }
        field(request, "ConfigurationSetName").ifPresent(set ->
                accesses.add(new Access(action, arn("ses", "configuration-set/" + set))));
        if (accesses.isEmpty()) {
            accesses.add(new Access(action, "*"));
        }
        return accesses;
    }

    /** {@code a@b.example} from {@code Name <a@b.example>}. */
    private static String address(String from) {
        int open = from.lastIndexOf('<');
        int close = from.lastIndexOf('>');
        return (open >= 0 && close > open ? from.substring(open + 1, close) : from).trim();
    }

    private static Access states(String operation, SdkRequest request) {
        String resource = field(request, "stateMachineArn").or(() -> field(request, "executionArn")).orElse("*");
        return new Access("states:" + operation, resource);
    }

    private static Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class).filter(value -> !value.isEmpty());
    }

    private static String arn(String service, String resource) {
        return String.format(ARN, service, resource);
    }
}
