package dev.cookiewarden.endpoint;

/** A request the endpoint refuses, with the 4xx status and a message safe to show the client. */
final class EndpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    EndpointException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
