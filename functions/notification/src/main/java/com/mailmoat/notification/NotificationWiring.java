package com.mailmoat.notification;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.aws.notify.NotificationMessages;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.notify.Branding;
import com.mailmoat.core.notify.BrandingRepository;
import com.mailmoat.core.notify.EmailTemplates;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.notify.NotificationRequest;
import com.mailmoat.core.notify.NotificationService;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import com.mailmoat.lambda.sqs.QueueControl;
import java.time.Clock;
import java.util.Map;

/** The notification function's composition root (see {@code SignupWiring} for the pattern). */
final class NotificationWiring {
    final NotificationService notifications;
    final QueueControl queues;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    NotificationWiring(Settings settings, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        InAppNotificationStore inApp = aws.inAppNotifications();
        BrandingRepository brandings = aws.brandings();
        this.notifications = new NotificationService(aws.idempotency(), aws.emailSender(), inApp,
                brandings::find, settings.find("CONSOLE_URL").orElse(null)).withEmailChoices(aws.emailChoices()::find)
                .withAlertRecipients(aws.alertRecipients()::list, new com.mailmoat.core.recipients.AlertRecipientLinks(
                        aws.tokens(), settings.require("CONSOLE_URL")), clock);
        this.queues = aws.queueControl();
        String consoleUrl = settings.get("CONSOLE_URL", "https://console.mailmoat.example/");
        // Nothing below writes or sends: decoding and rendering samples, reads of absent keys.
        this.priming = Priming.register("notification",
                Priming.step("decode and render every kind", () -> {
                    for (NotificationKind kind : NotificationKind.values()) {
                        NotificationRequest request = NotificationMessages.CODEC.decode(NotificationMessages.CODEC.encode(
                                new NotificationRequest(PrimingEvents.unknownKey(), "priming", kind, "priming@priming.invalid",
                                        Map.of("link", consoleUrl, "loginUrl", consoleUrl, "resetUrl", consoleUrl, "company", "Priming",
                                                "tenantId", "priming"),
                                        clock.instant())));
                        if (kind.sendsEmail()) {
                            EmailTemplates.render(request, Branding.NONE, consoleUrl);
                        }
                        if (kind.showsInApp()) {
                            EmailTemplates.inApp(request);
                        }
                    }
                }),
                Priming.step("idempotency record lookup", () -> aws.primeDynamoDb("IDEMPOTENCY_TABLE", "idempotencyKey")),
                Priming.step("in-app notifications query", () -> inApp.recent(PrimingEvents.unknownKey(), 1)),
                Priming.step("SES sender identity", aws::primeSes));
    }

    static NotificationWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final NotificationWiring INSTANCE = new NotificationWiring(Environment.system(), Clock.systemUTC());
    }
}
