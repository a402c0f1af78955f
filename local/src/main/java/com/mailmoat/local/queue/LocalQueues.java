package com.mailmoat.local.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.LocalAws;
import com.mailmoat.local.template.Intrinsics;
import com.mailmoat.local.template.StackResources;
import com.mailmoat.local.template.Template;
import com.mailmoat.local.template.TemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.immutable.List$;
import scala.util.Either;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * ElasticMQ, in-process on 127.0.0.1, standing in for SQS. With a directory, queues and their
 * messages (including in-flight ones and receive counts) live in an H2 database there: ElasticMQ's
 * own SQL message storage, the "messages-storage" of its standalone server, which persists every
 * change as it happens and restores the queues before the server accepts requests. So a message
 * queued before a restart is delivered after it.
 */
public final class LocalQueues implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalQueues.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Queue properties that map one-to-one onto SQS CreateQueue attributes. */
    private static final List<String> PLAIN_ATTRIBUTES = List.of("VisibilityTimeout", "MessageRetentionPeriod",
            "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize", "FifoQueue",
            "ContentBasedDeduplication");

    private final ActorSystem actors;
    private final SQSRestServer server;
    private final String endpoint;
    /** The H2 database of the message store, or null in memory. */
    private final String jdbcUrl;

    private LocalQueues(ActorSystem actors, SQSRestServer server, String endpoint, String jdbcUrl) {
        this.actors = actors;
        this.server = server;
        this.endpoint = endpoint;
        this.jdbcUrl = jdbcUrl;
    }

    /** Starts ElasticMQ; {@code directory} null keeps queues and messages in memory only. */
    public static LocalQueues start(Path directory) throws Exception {
        // The runtime stops ElasticMQ from its own shutdown hook; Pekko must not race it with one of its own.
        ActorSystem actors = ActorSystem.create("elasticmq", ConfigFactory.parseString(
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\npekko.jvm-shutdown-hooks = off\n"
                        + "pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
        try {
            Option<ActorRef> persistence = Option.empty();
            String jdbcUrl = null;
            if (directory != null) {
                Files.createDirectories(directory);
                // Flushed by close(), after ElasticMQ, and not closed by H2's own exit hook: that hook ran beside the
                // runtime's shutdown, which still deletes handled messages, and each of those deletes then hung
                // for ElasticMQ's ask timeout (about 20 s) before the process could exit.
                jdbcUrl = "jdbc:h2:" + directory.toAbsolutePath().resolve("queues") + ";DB_CLOSE_ON_EXIT=FALSE";
                SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver",
                        jdbcUrl, "sa", "", false);
                persistence = Option.apply(actors.actorOf(
                        Props.create(SqlQueuePersistenceActor.class, config, List$.MODULE$.empty()), "persistence"));
            }
            ActorRef queueManager = actors.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
                    StrictSQSLimits$.MODULE$, persistence), "queue-manager");
            if (persistence.isDefined()) {
                Object restored = Patterns.ask(persistence.get(), new QueueEvent.Restore(queueManager),
                        Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                if (restored instanceof Either<?, ?> either && either.isLeft()) {
                    throw new IllegalStateException("ElasticMQ could not restore its queues: " + either.left().get());
                }
            }
            var builder = SQSRestServerBuilder.withActorSystem(actors)
                    .withQueueManagerActor(queueManager)
                    .withInterface("127.0.0.1")
                    .withPort(0)
                    .withAWSRegion(Intrinsics.REGION)
                    .withAWSAccountId(Intrinsics.ACCOUNT_ID);
            if (persistence.isDefined()) {
                builder = builder.withQueueEventListener(persistence.get());
            }
            SQSRestServer server = builder.start();
            int port = server.waitUntilStarted().localAddress().getPort();
            return new LocalQueues(actors, server, "http://127.0.0.1:" + port, jdbcUrl);
        } catch (Exception | Error e) {
            actors.terminate();
            throw e;
        }
    }

    /** The endpoint URL for SDK clients. */
    public String endpoint() {
        return endpoint;
    }

    /** A client of this ElasticMQ. */
    public SqsClient client() {
        return LocalAws.configure(SqsClient.builder(), endpoint).build();
    }

    /**
     * Creates every {@code AWS::SQS::Queue} of the stack (dead-letter queues before the queues
     * that redrive to them), updates the attributes of queues restored from disk, and records each
     * queue's URL in {@code stack}.
     */
    public void createQueues(StackResources stack) {
        List<Template.Resource> pending = new ArrayList<>(stack.resources().values().stream()
                .filter(r -> r.type().equals(StackResources.QUEUE)).toList());
        try (SqsClient sqs = client()) {
            while (!pending.isEmpty()) {
                Template.Resource next = pending.stream()
                        .filter(q -> deadLetterTarget(stack, q) == null
                                || pending.stream().noneMatch(p -> p.logicalId().equals(deadLetterTarget(stack, q))))
                        .findFirst()
                        .orElseThrow(() -> new TemplateException("Queues redrive to each other in a cycle: " + pending));
                pending.remove(next);
                create(sqs, stack, next);
            }
        }
    }

    private void create(SqsClient sqs, StackResources stack, Template.Resource queue) {
        String name = stack.physicalName(queue.logicalId());
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) stack.intrinsics().resolve(queue.properties());
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        for (String attribute : PLAIN_ATTRIBUTES) {
            if (properties.get(attribute) != null) {
                attributes.put(QueueAttributeName.fromValue(attribute), String.valueOf(properties.get(attribute)));
            }
        }
        if (properties.get("RedrivePolicy") != null) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(properties.get("RedrivePolicy")));
        }
        String url;
        try {
            // Restored from disk: bring its attributes in line with the template as it is now.
            url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
            String existing = url;
            Map<QueueAttributeName, String> settable = new LinkedHashMap<>(attributes);
            settable.remove(QueueAttributeName.FIFO_QUEUE);
            if (!settable.isEmpty()) {
                sqs.setQueueAttributes(r -> r.queueUrl(existing).attributes(settable));
            }
        } catch (QueueDoesNotExistException absent) {
            url = sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        }
        stack.queueUrl(queue.logicalId(), url);
    }

    /** The logical id of the queue this one redrives to, or null. */
    private static String deadLetterTarget(StackResources stack, Template.Resource queue) {
        Object policy = queue.properties().get("RedrivePolicy");
        if (!(policy instanceof Map<?, ?> map) || map.get("deadLetterTargetArn") == null) {
            return null;
        }
        String arn = String.valueOf(stack.intrinsics().resolve(map.get("deadLetterTargetArn")));
        return stack.resources().values().stream()
                .filter(r -> r.type().equals(StackResources.QUEUE) && stack.queueArn(r.logicalId()).equals(arn))
                .map(Template.Resource::logicalId)
                .findFirst()
                .orElseThrow(() -> new TemplateException(queue.logicalId()
                        + ".RedrivePolicy.deadLetterTargetArn is not a queue of this template: " + arn));
    }

    private static String redrivePolicy(Object policy) {
        try {
            return policy instanceof String text ? text : JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new TemplateException("RedrivePolicy is not serialisable: " + policy);
        }
    }

    @Override
    public void close() {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            LOG.debug("ElasticMQ stop", e);
        }
        try {
            actors.terminate();
            scala.concurrent.Await.result(actors.whenTerminated(), scala.concurrent.duration.Duration.create(10, "s"));
        } catch (Exception e) {
            LOG.debug("ElasticMQ actor system stop", e);
        }
        if (jdbcUrl != null) {
            // Everything written is on disk before the process exits. (Not SHUTDOWN: ElasticMQ's connection
            // pool outlives this instance, and a runtime started again in the same JVM uses it.)
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, "sa", "");
                 java.sql.Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            } catch (java.sql.SQLException e) {
                LOG.warn("Flushing ElasticMQ's message store failed: {}", e.getMessage());
            }
        }
    }
}
