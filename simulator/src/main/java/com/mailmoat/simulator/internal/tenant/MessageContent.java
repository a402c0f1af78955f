package com.mailmoat.simulator.internal.tenant;

/**
 * A message's raw MIME and its Graph-visible properties, parsed on first use: loading a tenant
 * of thousands of messages stays quick, and a moved copy shares the parse with the original.
 */
public final class MessageContent {

    private final byte[] mime;
    private volatile ParsedMime parsed;

    public MessageContent(byte[] mime) {
        this.mime = mime;
    }

    /** The exact bytes as seeded or delivered (do not modify). */
    public byte[] mime() {
        return mime;
    }

    public ParsedMime parsed() {
        ParsedMime result = parsed;
        if (result == null) {
            result = ParsedMime.parse(mime);
            parsed = result;
        }
        return result;
    }
}
