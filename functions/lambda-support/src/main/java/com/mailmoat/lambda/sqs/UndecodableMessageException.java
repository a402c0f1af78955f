package com.mailmoat.lambda.sqs;

/** A queue message whose body is not what the queue carries; it goes to the dead-letter queue. */
public class UndecodableMessageException extends RuntimeException {
    public UndecodableMessageException(String message) {
        super(message);
    }

    public UndecodableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
