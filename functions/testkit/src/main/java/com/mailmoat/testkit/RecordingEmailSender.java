package com.mailmoat.testkit;

import com.mailmoat.core.notify.Email;
import com.mailmoat.core.notify.EmailSender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps every email "sent"; can be told to fail the next sends, as SES might. */
public final class RecordingEmailSender implements EmailSender {
    public final List<Email> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** The next {@code count} sends throw. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    @Override
    public void send(Email email) {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("SES is unavailable (simulated)");
        }
        sent.add(email);
    }
}
