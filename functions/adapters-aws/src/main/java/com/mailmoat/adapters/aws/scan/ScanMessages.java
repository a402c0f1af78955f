package com.mailmoat.adapters.aws.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.adapters.aws.queue.MessageJson;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanPageWork;
import com.mailmoat.core.scan.ScanRequest;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.sqs.MessageCodec;
import com.mailmoat.lambda.sqs.UndecodableMessageException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The JSON bodies of the scan queues: scan requests (scan-start) and page work (scan-chunk). */
public final class ScanMessages {
    /** {@code {"kind":"FIRST_THREAT_SCAN"|"MANUAL_THREAT_SCAN"|"SCHEDULED_THREAT_SCAN","accountId","tenantId","requestedAt","scanId"?}} */
    public static final MessageCodec<ScanRequest> REQUESTS = new MessageCodec<>() {
        @Override
        public String encode(ScanRequest request) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("kind", request.kind().name() + "_THREAT_SCAN");
            node.put("accountId", request.accountId());
            if (request.tenantId() != null) {
                node.put("tenantId", request.tenantId());
            }
            node.put("requestedAt", request.requestedAt().toString());
            if (request.scanId() != null) {
                node.put("scanId", request.scanId());
            }
            return node.toString();
        }

        @Override
        public ScanRequest decode(String body) {
            JsonNode node = MessageJson.object(body);
            String kind = MessageJson.text(node, "kind");
            if (!kind.endsWith("_THREAT_SCAN")) {
                throw new UndecodableMessageException("Unknown scan request kind");
            }
            try {
                return new ScanRequest(ScanKind.valueOf(kind.substring(0, kind.length() - "_THREAT_SCAN".length())),
                        MessageJson.text(node, "accountId"), node.path("tenantId").asText(null),
                        Instant.parse(MessageJson.text(node, "requestedAt")), node.path("scanId").asText(null));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new UndecodableMessageException("Malformed scan request: " + e.getMessage(), e);
            }
        }
    };

    /** {@code {"accountId","scanId","mailboxId","version"}} */
    public static final MessageCodec<ScanPageWork> PAGES = new MessageCodec<>() {
        @Override
        public String encode(ScanPageWork work) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("accountId", work.accountId());
            node.put("scanId", work.scanId());
            node.put("mailboxId", work.mailboxId());
            node.put("version", work.version());
            return node.toString();
        }

        @Override
        public ScanPageWork decode(String body) {
            JsonNode node = MessageJson.object(body);
            if (!node.path("version").canConvertToLong()) {
                throw new UndecodableMessageException("Scan page work lacks a version");
            }
            return new ScanPageWork(MessageJson.text(node, "accountId"), MessageJson.text(node, "scanId"), MessageJson.text(node, "mailboxId"),
                    node.path("version").asLong());
        }
    };

    private ScanMessages() {
    }
}
