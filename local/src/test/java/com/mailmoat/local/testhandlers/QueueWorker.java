package com.mailmoat.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Processes work messages: "poison..." always fails (reported as a batch item failure),
 * "flaky..." throws the first time it is seen and succeeds after, anything else succeeds.
 */
public class QueueWorker implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Every record delivered, in order. */
    public static final List<SQSEvent.SQSMessage> RECEIVED = new CopyOnWriteArrayList<>();
    /** Bodies processed successfully. */
    public static final List<String> DONE = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        RECEIVED.addAll(event.getRecords());
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String body = message.getBody();
            if (body.startsWith("flaky") && SEEN.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet() == 1) {
                throw new IllegalStateException("transient failure on " + body);
            }
        }
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (message.getBody().startsWith("poison")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } else {
                DONE.add(message.getBody());
            }
        }
        return new SQSBatchResponse(failures);
    }
}
