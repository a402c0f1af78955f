package com.mailmoat.adapters.aws.notify;

import com.mailmoat.core.notify.Email;
import com.mailmoat.core.notify.EmailSender;
import java.util.List;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;

/**
 * Sends email with SES v2 from the configured sender address; the email's own headers (such as
 * {@code List-Unsubscribe}) go with it as SES's message headers of simple content.
 */
public final class SesEmailSender implements EmailSender {
    private final SesV2Client ses;
    private final String from;

    public SesEmailSender(SesV2Client ses, String from) {
        this.ses = ses;
        this.from = from;
    }

    @Override
    public void send(Email email) {
        ses.sendEmail(r -> r.fromEmailAddress(from)
                .destination(d -> d.toAddresses(email.to()))
                .content(c -> c.simple(m -> m
                        .headers(headers(email))
                        .subject(s -> s.data(email.subject()).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(email.text()).charset("UTF-8"))
                                .html(h -> h.data(email.html()).charset("UTF-8"))))));
    }

    /** Null (nothing sent) for an email without headers of its own. */
    private static List<MessageHeader> headers(Email email) {
        return email.headers().isEmpty() ? null : email.headers().entrySet().stream()
                .map(h -> MessageHeader.builder().name(h.getKey()).value(h.getValue()).build())
                .toList();
    }
}
