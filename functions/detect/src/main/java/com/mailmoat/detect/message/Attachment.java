package com.mailmoat.detect.message;

/**
 * A non-body part of the message.
 *
 * @param fileName     decoded file name, empty when the part has none
 * @param declaredType the Content-Type base type in lower case ({@code application/pdf})
 * @param content      the decoded bytes, at most the configured per-part limit
 * @param truncated    true when the part was larger than the limit and {@code content} is a prefix
 */
public record Attachment(String fileName, String declaredType, byte[] content, boolean truncated) {
}
