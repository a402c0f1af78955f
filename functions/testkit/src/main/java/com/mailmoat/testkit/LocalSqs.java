package com.mailmoat.testkit;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ (SQS's protocol) in the test JVM on 127.0.0.1, started once per JVM; {@link #queues()}
 * creates the template's queues afresh (unique names) for one test class.
 */
public final class LocalSqs {
    private static final Object LOCK = new Object();
    private static String endpoint;
    private static SqsClient client;

    private LocalSqs() {
    }

    /** The endpoint URL, for {@code AWS_ENDPOINT_URL_SQS}. */
    public static String endpoint() {
        synchronized (LOCK) {
            if (endpoint == null) {
                SQSRestServer server = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
                endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait));
            }
            return endpoint;
        }
    }

    public static SqsClient client() {
        synchronized (LOCK) {
            if (client == null) {
                client = SqsClient.builder().endpointOverride(URI.create(endpoint()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
            }
            return client;
        }
    }

    /** Creates every AWS::SQS::Queue of template.yaml (FIFO ones as FIFO) under a fresh prefix; logical id → queue URL. */
    public static Map<String, String> queues() {
        String prefix = "q" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> urls = new LinkedHashMap<>();
        TemplateFile.resources("AWS::SQS::Queue").forEach((logicalId, properties) -> {
            boolean fifo = "true".equalsIgnoreCase(String.valueOf(properties.get("FifoQueue")));
            Map<QueueAttributeName, String> attributes = fifo ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of();
            urls.put(logicalId, client().createQueue(r -> r.queueName(prefix + logicalId + (fifo ? ".fifo" : ""))
                    .attributes(attributes)).queueUrl());
        });
        return urls;
    }

    /** Messages in the queue, visible, in flight or delayed. */
    public static int messageCount(String queueUrl) {
        Map<QueueAttributeName, String> attributes = client().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
