package com.mailmoat.local.template;

/** A template the local runtime cannot run: the message names the resource and what is wrong. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
