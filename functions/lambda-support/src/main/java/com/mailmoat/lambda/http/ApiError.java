package com.mailmoat.lambda.http;

/**
 * An HTTP error answered as {@code {"error": code, "details": details}}. Thrown anywhere in a
 * request; {@link HttpApiHandler} turns it into the response.
 */
public class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final transient Object details;

    public ApiError(int status, String code, Object details) {
        super(code);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object details() {
        return details;
    }

    public static ApiError badRequest(String code, Object details) {
        return new ApiError(400, code, details);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "Sign in to continue.");
    }

    public static ApiError notFound(String details) {
        return new ApiError(404, "not_found", details);
    }
}
