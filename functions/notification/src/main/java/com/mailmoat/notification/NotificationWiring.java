package com.mailmoat.notification;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.notify.BrandingRepository;
import com.mailmoat.core.notify.NotificationService;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.sqs.QueueControl;
import java.time.Clock;

/** The notification function's composition root (see {@code SignupWiring} for the pattern). */
final class NotificationWiring {
    final NotificationService notifications;
    final QueueControl queues;

    NotificationWiring(Settings settings, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        BrandingRepository brandings = aws.brandings();
        this.notifications = new NotificationService(aws.idempotency(), aws.emailSender(), aws.inAppNotifications(),
                brandings::find, settings.find("CONSOLE_URL").orElse(null));
        this.queues = aws.queueControl();
    }

    static NotificationWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final NotificationWiring INSTANCE = new NotificationWiring(Environment.system(), Clock.systemUTC());
    }
}
