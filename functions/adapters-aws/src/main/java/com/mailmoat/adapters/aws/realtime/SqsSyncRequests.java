package com.mailmoat.adapters.aws.realtime;

import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.core.realtime.SyncRequests;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The subscription-sync queue. */
public final class SqsSyncRequests implements SyncRequests {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsSyncRequests(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void request(SyncRequest request) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(RealTimeMessages.SYNC_REQUESTS.encode(request)));
    }
}
