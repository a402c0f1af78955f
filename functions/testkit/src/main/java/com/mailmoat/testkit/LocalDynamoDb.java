package com.mailmoat.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local in the test JVM, in memory, listening on 127.0.0.1 only, started once per JVM and
 * shared by every test of the module: adapter tests use {@link #client()}, tests of a function's
 * wiring point its settings at {@link #endpoint()}. {@link #tables()} creates a fresh set of the
 * template's tables (unique names), so tests never see each other's items.
 */
public final class LocalDynamoDb {
    private static final Object LOCK = new Object();
    private static String endpoint;
    private static DynamoDbClient client;

    private LocalDynamoDb() {
    }

    /** The endpoint URL, for {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public static String endpoint() {
        synchronized (LOCK) {
            if (endpoint == null) {
                endpoint = start();
            }
            return endpoint;
        }
    }

    /** The shared client. */
    public static DynamoDbClient client() {
        synchronized (LOCK) {
            if (client == null) {
                client = DynamoDbClient.builder().endpointOverride(URI.create(endpoint()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
            }
            return client;
        }
    }

    /** Creates every AWS::DynamoDB::Table of template.yaml under a fresh prefix; logical id → table name. */
    public static Map<String, String> tables() {
        DynamoDbClient dynamo = client();
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> names = new LinkedHashMap<>();
        TemplateFile.resources("AWS::DynamoDB::Table").forEach((logicalId, properties) -> {
            String name = prefix + logicalId;
            dynamo.createTable(createRequest(name, properties));
            names.put(logicalId, name);
        });
        return names;
    }

    /** How many items the table holds (a scan: for small test tables). */
    public static int itemCount(String table) {
        return client().scanPaginator(r -> r.tableName(table)).stream().mapToInt(page -> page.count()).sum();
    }

    private static String start() {
        try {
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(
                    new LocalDynamoDBRequestHandler(0, true, null, true, false), null);
            QueuedThreadPool threads = new QueuedThreadPool(32, 2);
            threads.setName("dynamodb-local");
            threads.setDaemon(true);
            Server server = new Server(threads);
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ContextHandler context = new ContextHandler();
            context.setHandler(handler);
            server.setHandler(context);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (Exception e) {
                    // the JVM is going away
                }
            }));
            return "http://127.0.0.1:" + connector.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static CreateTableRequest createRequest(String name, Map<String, Object> properties) {
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Map<String, Object> index : (List<Map<String, Object>>) properties.getOrDefault("GlobalSecondaryIndexes", List.of())) {
            Map<String, Object> projection = (Map<String, Object>) index.getOrDefault("Projection", Map.of());
            indexes.add(GlobalSecondaryIndex.builder().indexName((String) index.get("IndexName"))
                    .keySchema(keys(index.get("KeySchema")))
                    .projection(Projection.builder()
                            .projectionType(ProjectionType.fromValue((String) projection.getOrDefault("ProjectionType", "ALL")))
                            .nonKeyAttributes((List<String>) projection.get("NonKeyAttributes"))
                            .build())
                    .build());
        }
        List<LocalSecondaryIndex> localIndexes = new ArrayList<>();
        for (Map<String, Object> index : (List<Map<String, Object>>) properties.getOrDefault("LocalSecondaryIndexes", List.of())) {
            localIndexes.add(LocalSecondaryIndex.builder().indexName((String) index.get("IndexName"))
                    .keySchema(keys(index.get("KeySchema")))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        return CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys(properties.get("KeySchema")))
                .attributeDefinitions(((List<Map<String, Object>>) properties.get("AttributeDefinitions")).stream()
                        .map(a -> AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType")).build())
                        .toList())
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                .localSecondaryIndexes(localIndexes.isEmpty() ? null : localIndexes)
                .build();
    }

    @SuppressWarnings("unchecked")
    private static List<KeySchemaElement> keys(Object schema) {
        return ((List<Map<String, Object>>) schema).stream()
                .map(k -> KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType")).build())
                .toList();
    }
}
