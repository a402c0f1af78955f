package com.mailmoat.notification;

import com.mailmoat.adapters.aws.notify.NotificationMessages;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.notify.NotificationService;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the notifications queue. Each message is delivered at most once however often SQS hands
 * it over, in the account's branding; a message another worker is sending right now comes back
 * shortly; an email with an unsafe link or recipient is refused (logged, not retried).
 */
public final class NotificationHandler extends SqsBatchHandler<NotificationRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationHandler.class);
    /** A concurrent duplicate is usually done within seconds. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(10);

    private final NotificationService notifications;

    public NotificationHandler() {
        this(NotificationWiring.instance());
    }

    private NotificationHandler(NotificationWiring wiring) {
        this(wiring.notifications, wiring.queues);
    }

    public NotificationHandler(NotificationService notifications, QueueControl queues) {
        super(NotificationMessages.CODEC, queues);
        this.notifications = notifications;
    }

    @Override
    protected Outcome consume(NotificationRequest request, Delivery delivery) {
        NotificationService.Result result = notifications.deliver(request);
        if (result.outcome() == NotificationService.Outcome.REFUSED) {
            LOG.error("Notification {} ({}) refused: {}", request.notificationId(), request.kind(), result.note());
        } else {
            LOG.info("Notification {} ({}) {}{}", request.notificationId(), request.kind(), result.outcome(),
                    result.note().isEmpty() ? "" : ": " + result.note());
        }
        return result.outcome() == NotificationService.Outcome.BUSY ? Outcome.retryAfter(BUSY_RETRY) : Outcome.done();
    }
}
