package com.mailmoat.adapters.aws.directory;

import com.mailmoat.adapters.aws.queue.AccountIdMessages;
import com.mailmoat.core.directory.DirectoryRefreshRequests;
import com.mailmoat.lambda.sqs.MessageCodec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The directory-sync queue: {@code {"accountId": "..."}} per import to run. */
public final class SqsDirectoryRefreshRequests implements DirectoryRefreshRequests {
    /** The body of a directory-sync message: the account whose directory to import. */
    public static final MessageCodec<String> CODEC = AccountIdMessages.codec("Directory-sync");

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDirectoryRefreshRequests(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void request(String accountId) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(CODEC.encode(accountId)));
    }
}
