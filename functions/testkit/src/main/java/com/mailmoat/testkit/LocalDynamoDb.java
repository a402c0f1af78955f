package com.mailmoat.testkit;

import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * DynamoDB Local, embedded in the test JVM (no port, no process), started once per JVM and shared
 * by every test of the module. {@link #tables()} creates a fresh set of the template's tables
 * (unique names), so tests never see each other's items.
 */
public final class LocalDynamoDb {
    private static final Object LOCK = new Object();
    private static AmazonDynamoDBLocal embedded;

    private LocalDynamoDb() {
    }

    /** The shared client. */
    public static DynamoDbClient client() {
        synchronized (LOCK) {
            if (embedded == null) {
                embedded = DynamoDBEmbedded.create(true);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> embedded.shutdownNow()));
            }
            return embedded.dynamoDbClient();
        }
    }

    /** Creates every AWS::DynamoDB::Table of template.yaml under a fresh prefix; logical id → table name. */
    public static Map<String, String> tables() {
        DynamoDbClient client = client();
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> names = new LinkedHashMap<>();
        templateTables().forEach((logicalId, properties) -> {
            String name = prefix + logicalId;
            client.createTable(createRequest(name, properties));
            names.put(logicalId, name);
        });
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> templateTables() {
        // The template's short-form tags (!Ref, !GetAtt, ...) are irrelevant to table shapes: read them as plain values.
        SafeConstructor constructor = new SafeConstructor(new LoaderOptions()) {
            @Override
            protected Object constructObject(Node node) {
                if (node.getTag().startsWith("!")) {
                    node.setTag(node instanceof org.yaml.snakeyaml.nodes.ScalarNode ? Tag.STR
                            : node instanceof org.yaml.snakeyaml.nodes.SequenceNode ? Tag.SEQ : Tag.MAP);
                }
                return super.constructObject(node);
            }
        };
        try (InputStream in = Files.newInputStream(Repository.root().resolve("template.yaml"))) {
            Map<String, Object> template = new Yaml(constructor).load(in);
            Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
            ((Map<String, Map<String, Object>>) template.get("Resources")).forEach((id, resource) -> {
                if ("AWS::DynamoDB::Table".equals(resource.get("Type"))) {
                    tables.put(id, (Map<String, Object>) resource.get("Properties"));
                }
            });
            return tables;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
