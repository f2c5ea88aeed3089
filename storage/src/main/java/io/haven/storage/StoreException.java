package io.haven.storage;

/**
 * A failure of the storage engine itself (I/O, corruption, a closed store), never of a request. After one is
 * thrown from {@link Store#applyBatch}, nothing of that batch was written; the caller (the replicated state
 * machine) should stop applying and recover from its last snapshot.
 */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
