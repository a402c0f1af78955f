package com.mailmoat.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.mailmoat.local.template.Intrinsics;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda {@link Context} of one local invocation: request id, function identity, the time
 * left before the function's Timeout, and a logger that writes to stderr as Lambda's writes to
 * CloudWatch.
 */
final class LocalContext implements Context {
    private final String requestId;
    private final String functionName;
    private final int memoryMb;
    private final long deadlineMillis;
    private final LambdaLogger logger;

    LocalContext(String requestId, String functionName, int memoryMb, long deadlineMillis) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.deadlineMillis = deadlineMillis;
        this.logger = new StderrLogger(functionName);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    private record StderrLogger(String functionName) implements LambdaLogger {
        @Override
        public void log(String message) {
            System.err.println("[" + functionName + "] " + message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
