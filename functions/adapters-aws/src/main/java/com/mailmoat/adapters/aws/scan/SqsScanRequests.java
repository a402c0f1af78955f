package com.mailmoat.adapters.aws.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.core.scan.ScanRequests;
import com.mailmoat.lambda.Json;
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
    public void requestFirstScan(String accountId, String tenantId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("kind", "FIRST_THREAT_SCAN");
        body.put("accountId", accountId);
        body.put("tenantId", tenantId);
        body.put("requestedAt", clock.instant().toString());
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body.toString()));
    }
}
