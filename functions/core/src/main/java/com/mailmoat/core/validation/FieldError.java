package com.mailmoat.core.validation;

/** One problem with one input field. */
public record FieldError(String field, String message) {
}
