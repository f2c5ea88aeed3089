package io.haven.daemon.http;

/** A request the endpoint refuses before doing anything: answered with {@link #status()} and the message as JSON. */
final class BadRequest extends RuntimeException {
    private final int status;

    BadRequest(String message) {
        this(400, message);
    }

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
