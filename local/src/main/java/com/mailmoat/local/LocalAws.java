package com.mailmoat.local;

import com.mailmoat.local.iam.IamInterceptor;
import com.mailmoat.local.template.Intrinsics;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one region and the dummy credentials of the local stack. Every SDK client the runtime builds
 * for itself goes through {@link #configure}, so none of them can ever reach a real AWS endpoint,
 * and none is held to a function's IAM permissions.
 */
public final class LocalAws {
    /** Dummy credentials: DynamoDB Local accepts only letters and digits in the access key. */
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    private LocalAws() {
    }

    /** Points {@code builder} at {@code endpoint} with the local region and dummy credentials. */
    public static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder, String endpoint) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.of(Intrinsics.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.putExecutionAttribute(IamInterceptor.UNCHECKED, Boolean.TRUE));
    }
}
