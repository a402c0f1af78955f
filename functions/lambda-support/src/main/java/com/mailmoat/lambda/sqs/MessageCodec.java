package com.mailmoat.lambda.sqs;

/**
 * The body format of one queue's messages, shared by the producer adapter and the consumer so the
 * two cannot drift apart.
 *
 * @param <M> the message type
 */
public interface MessageCodec<M> {

    String encode(M message);

    /**
     * @throws UndecodableMessageException when the body is not such a message: a poison message
     *                                     that retrying cannot fix
     */
    M decode(String body);
}
