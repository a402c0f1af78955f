package com.mailmoat.lambda.http;

/** An error the client may retry after a delay, answered with a {@code Retry-After} header. */
public class RetryableApiError extends ApiError {
    private final long retryAfterSeconds;

    public RetryableApiError(int status, String code, Object details, long retryAfterSeconds) {
        super(status, code, details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
