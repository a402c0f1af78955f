package com.mailmoat.local.dynamo;

import com.mailmoat.local.LocalAws;
import com.mailmoat.local.template.StackResources;
import com.mailmoat.local.template.Template;
import com.mailmoat.local.template.TemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local, in-process, listening on 127.0.0.1 only. DynamoDB Local's own
 * {@code ServerRunner} binds every interface and sets up telemetry to AWS; this class mounts the
 * same request handler in a Jetty server of its own with a loopback connector instead. Tables are
 * kept in memory or, with a directory, in its single shared database file, so they and their
 * items survive a restart.
 */
public final class LocalDynamo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDynamo.class);

    private final Server server;
    private final LocalDynamoDBServerHandler handler;
    private final String endpoint;

    private LocalDynamo(Server server, LocalDynamoDBServerHandler handler, String endpoint) {
        this.server = server;
        this.handler = handler;
        this.endpoint = endpoint;
    }

    /** Starts DynamoDB Local; {@code directory} null keeps everything in memory. */
    public static LocalDynamo start(Path directory) throws Exception {
        if (directory != null) {
            Files.createDirectories(directory);
        }
        LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(new LocalDynamoDBRequestHandler(
                0, directory == null, directory == null ? null : directory.toAbsolutePath().toString(), true, false),
                null);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
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
        return new LocalDynamo(server, handler, "http://127.0.0.1:" + connector.getLocalPort());
    }

    /** The endpoint URL for SDK clients. */
    public String endpoint() {
        return endpoint;
    }

    /** A client of this DynamoDB Local. */
    public DynamoDbClient client() {
        return LocalAws.configure(DynamoDbClient.builder(), endpoint).build();
    }

    /**
     * Creates every {@code AWS::DynamoDB::Table} of the stack that does not exist yet, from its
     * Properties (keys, attribute definitions, indexes, streams, TTL). Capacity settings and
     * point-in-time recovery mean nothing locally and are skipped.
     *
     * @return the local names of the tables created now (existing ones are left as they are)
     */
    public List<String> createTables(StackResources stack) {
        List<String> created = new ArrayList<>();
        try (DynamoDbClient client = client()) {
            Set<String> existing = new HashSet<>(client.listTablesPaginator().tableNames().stream().toList());
            for (Template.Resource resource : stack.resources().values()) {
                if (!resource.type().equals(StackResources.TABLE)) {
                    continue;
                }
                String name = stack.physicalName(resource.logicalId());
                if (existing.contains(name)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> properties = (Map<String, Object>) stack.intrinsics().resolve(resource.properties());
                client.createTable(createRequest(name, properties, resource.logicalId()));
                Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
                if (Boolean.parseBoolean(String.valueOf(ttl.get("Enabled"))) && ttl.get("AttributeName") != null) {
                    client.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(
                            t -> t.enabled(true).attributeName(String.valueOf(ttl.get("AttributeName")))));
                }
                created.add(name);
            }
        }
        if (!created.isEmpty()) {
            LOG.info("DynamoDB tables created: {}", created);
        }
        return created;
    }

    private static CreateTableRequest createRequest(String name, Map<String, Object> properties, String logicalId) {
        if (properties.get("KeySchema") == null) {
            throw new TemplateException("Table " + logicalId + " has no KeySchema");
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys(properties.get("KeySchema")))
                .attributeDefinitions(list(properties.get("AttributeDefinitions")).stream()
                        .map(LocalDynamo::map)
                        .map(a -> AttributeDefinition.builder().attributeName(String.valueOf(a.get("AttributeName")))
                                .attributeType(String.valueOf(a.get("AttributeType"))).build())
                        .toList());
        List<GlobalSecondaryIndex> global = list(properties.get("GlobalSecondaryIndexes")).stream().map(LocalDynamo::map)
                .map(index -> GlobalSecondaryIndex.builder().indexName(String.valueOf(index.get("IndexName")))
                        .keySchema(keys(index.get("KeySchema"))).projection(projection(index.get("Projection"))).build())
                .toList();
        if (!global.isEmpty()) {
            request.globalSecondaryIndexes(global);
        }
        List<LocalSecondaryIndex> local = list(properties.get("LocalSecondaryIndexes")).stream().map(LocalDynamo::map)
                .map(index -> LocalSecondaryIndex.builder().indexName(String.valueOf(index.get("IndexName")))
                        .keySchema(keys(index.get("KeySchema"))).projection(projection(index.get("Projection"))).build())
                .toList();
        if (!local.isEmpty()) {
            request.localSecondaryIndexes(local);
        }
        Map<String, Object> stream = map(properties.get("StreamSpecification"));
        if (stream.get("StreamViewType") != null) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(String.valueOf(stream.get("StreamViewType"))).build());
        }
        return request.build();
    }

    private static List<KeySchemaElement> keys(Object schema) {
        return list(schema).stream().map(LocalDynamo::map)
                .map(k -> KeySchemaElement.builder().attributeName(String.valueOf(k.get("AttributeName")))
                        .keyType(String.valueOf(k.get("KeyType"))).build())
                .toList();
    }

    private static Projection projection(Object raw) {
        Map<String, Object> projection = map(raw);
        Projection.Builder builder = Projection.builder()
                .projectionType(String.valueOf(projection.getOrDefault("ProjectionType", "ALL")));
        List<Object> nonKey = list(projection.get("NonKeyAttributes"));
        if (!nonKey.isEmpty()) {
            builder.nonKeyAttributes(nonKey.stream().map(String::valueOf).toList());
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        handler.close();
    }
}
