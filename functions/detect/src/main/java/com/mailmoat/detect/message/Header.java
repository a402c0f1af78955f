package com.mailmoat.detect.message;

/**
 * One header field with its unfolded raw value (encoded words not decoded).
 *
 * @param name  field name as written
 * @param value unfolded value
 */
public record Header(String name, String value) {
}
