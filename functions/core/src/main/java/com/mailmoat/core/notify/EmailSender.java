package com.mailmoat.core.notify;

/** Sends transactional email (SES in AWS, the local outbox on one machine). */
public interface EmailSender {
    void send(Email email);
}
