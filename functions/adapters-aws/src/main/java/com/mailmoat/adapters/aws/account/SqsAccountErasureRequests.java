package com.mailmoat.adapters.aws.account;

import com.mailmoat.adapters.aws.queue.AccountIdMessages;
import com.mailmoat.core.account.AccountErasureRequests;
import com.mailmoat.lambda.sqs.MessageCodec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The account-erasure queue: {@code {"accountId": "..."}} per erasure pass to run. */
public final class SqsAccountErasureRequests implements AccountErasureRequests {
    public static final MessageCodec<String> CODEC = AccountIdMessages.codec("Account-erasure");

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsAccountErasureRequests(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void request(String accountId) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(CODEC.encode(accountId)));
    }
}
