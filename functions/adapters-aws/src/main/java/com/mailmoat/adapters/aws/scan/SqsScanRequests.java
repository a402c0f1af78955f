package com.mailmoat.adapters.aws.scan;

import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanRequest;
import com.mailmoat.core.scan.ScanRequests;
import java.time.Clock;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Puts scan requests on the scan-start queue, for the scan-start worker. */
public final class SqsScanRequests implements ScanRequests {
    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    public SqsScanRequests(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    @Override
    public void request(ScanKind kind, String accountId, String tenantId, String scanId) {
        String body = ScanMessages.REQUESTS.encode(new ScanRequest(kind, accountId, tenantId, clock.instant(), scanId));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    }
}
