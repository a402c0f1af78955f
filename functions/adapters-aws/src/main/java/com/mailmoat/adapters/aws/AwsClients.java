package com.mailmoat.adapters.aws;

import com.mailmoat.core.config.Env;
import java.net.URI;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients of one function instance, built once and reused across invocations. They use the
 * JDK's URL connection client (small, quick to start). {@code AWS_ENDPOINT_URL_<SERVICE>} points a
 * client elsewhere: the local runtime uses it for DynamoDB Local, ElasticMQ and its SES outbox.
 */
public final class AwsClients {
    private static volatile DynamoDbClient dynamoDb;
    private static volatile SqsClient sqs;
    private static volatile SesV2Client ses;

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            synchronized (AwsClients.class) {
                if (dynamoDb == null) {
                    dynamoDb = configure(DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), "DYNAMODB").build();
                }
            }
        }
        return dynamoDb;
    }

    public static SqsClient sqs() {
        if (sqs == null) {
            synchronized (AwsClients.class) {
                if (sqs == null) {
                    sqs = configure(SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), "SQS").build();
                }
            }
        }
        return sqs;
    }

    public static SesV2Client ses() {
        if (ses == null) {
            synchronized (AwsClients.class) {
                if (ses == null) {
                    ses = configure(SesV2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), "SESV2").build();
                }
            }
        }
        return ses;
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        Env.get("AWS_ENDPOINT_URL_" + service).ifPresent(url -> builder.endpointOverride(URI.create(url)));
        return builder;
    }
}
