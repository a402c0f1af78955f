package com.mailmoat.notification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mailmoat.adapters.aws.AwsServices;
import com.mailmoat.adapters.aws.notify.NotificationMessages;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.notify.NotificationService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Consumes the notifications queue. Each message is delivered at most once however often SQS hands
 * it over; failures are reported per message so the rest of the batch is not redelivered.
 */
public final class NotificationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationHandler.class);

    private final NotificationService notifications;

    public NotificationHandler() {
        this(AwsServices.notificationService());
    }

    public NotificationHandler(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                if (!deliver(message)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        });
    }

    /** False when the message should come back later. */
    private boolean deliver(SQSEvent.SQSMessage message) {
        NotificationRequest request;
        try {
            request = NotificationMessages.fromJson(message.getBody());
        } catch (IllegalArgumentException e) {
            // Retrying cannot fix it; fail it so redrive parks it in the DLQ for a human to look at.
            LOG.error("Unreadable notification message {}: {}", message.getMessageId(), e.getMessage());
            return false;
        }
        try {
            NotificationService.Outcome outcome = notifications.deliver(request);
            LOG.info("Notification {} ({}) {}", request.notificationId(), request.kind(), outcome);
            return outcome != NotificationService.Outcome.BUSY;
        } catch (RuntimeException e) {
            LOG.warn("Notification {} ({}) failed, will retry", request.notificationId(), request.kind(), e);
            return false;
        }
    }
}
