package com.mailmoat.simulator.internal.graph;

/** An error answer in Graph's envelope ({@code {"error":{"code","message","innerError"}}}). */
final class GraphException extends RuntimeException {

    private final int status;
    private final String code;

    GraphException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static GraphException badRequest(String code, String message) {
        return new GraphException(400, code, message);
    }

    static GraphException segmentNotFound(String segment) {
        return new GraphException(400, "BadRequest", "Resource not found for the segment '" + segment + "'.");
    }

    static GraphException methodNotAllowed() {
        return new GraphException(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
    }

    static GraphException itemNotFound() {
        return new GraphException(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    }
}
