package com.mailmoat.adapters.aws.notify;

import com.mailmoat.core.notify.Email;
import com.mailmoat.core.notify.EmailSender;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Sends email with SES v2 from the configured sender address. */
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
                        .subject(s -> s.data(email.subject()).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(email.text()).charset("UTF-8"))
                                .html(h -> h.data(email.html()).charset("UTF-8"))))));
    }
}
