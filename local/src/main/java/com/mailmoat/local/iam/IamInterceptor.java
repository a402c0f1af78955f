package com.mailmoat.local.iam;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Holds every SDK call a function makes to its permissions, before the request is sent (so no
 * retry, no network). The SDK adds it to every client it builds in this JVM (it is listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}); calls of the runtime's
 * own clients ({@link #UNCHECKED}) and of threads that work for no function are not checked.
 * A call is held to the function the thread works for (see {@link IamContext}), else to the
 * function whose invocation built the client.
 */
public final class IamInterceptor implements ExecutionInterceptor {
    /** Set on the runtime's own clients: they act as the services would, not as a function. */
    public static final ExecutionAttribute<Boolean> UNCHECKED = new ExecutionAttribute<>("MailmoatLocalIamUnchecked");
    private static final Logger LOG = LoggerFactory.getLogger(IamInterceptor.class);

    private final FunctionPermissions builtBy = IamContext.current();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(UNCHECKED))) {
            return;
        }
        FunctionPermissions caller = IamContext.current();
        if (caller == null) {
            caller = builtBy;
        }
        if (caller == null || caller.mode() == IamMode.OFF) {
            return;
        }
        String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        String operation = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        for (Access access : AwsCalls.accesses(service, operation, context.request())) {
            if (caller.allows(access)) {
                continue;
            }
            if (caller.mode() == IamMode.WARN) {
                if (caller.firstWarning(access)) {
                    LOG.warn("IAM: AWS would deny {} {} on {}: no statement of its template Policies allows it",
                            caller.function(), access.action(), access.resource());
                }
                continue;
            }
            LOG.error("IAM denied: {} {} on {}: no statement of its template Policies allows it (AWS would answer "
                    + "AccessDenied; grant it in template.yaml)", caller.function(), access.action(), access.resource());
            throw accessDenied(service, caller.denialMessage(access));
        }
    }

    /** The service's own exception type with AWS's error code and status for a refused call. */
    static AwsServiceException accessDenied(String service, String message) {
        AwsServiceException.Builder builder;
        int status;
        String code = "AccessDeniedException";
        switch (service) {
            case "DynamoDb" -> {
                builder = DynamoDbException.builder();
                status = 400;
            }
            case "Sfn" -> {
                builder = SfnException.builder();
                status = 400;
            }
            case "Sqs" -> {
                builder = SqsException.builder();
                status = 403;
                code = "AccessDenied";
            }
            case "SesV2" -> {
                builder = SesV2Exception.builder();
                status = 403;
            }
            default -> {
                builder = AwsServiceException.builder();
                status = 403;
            }
        }
        return builder.message(message).statusCode(status).requestId(UUID.randomUUID().toString())
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(service).build())
                .build();
    }
}
