package io.haven.storage.internal;

/**
 * An engine failure (a wrapped {@code RocksDBException}) raised deep inside an apply; {@link io.haven.storage.Store}
 * turns it into a checked {@link io.haven.storage.StoreException} at its boundary. Unlike a refused request it is not
 * deterministic, so it must abort the whole batch rather than fail one command.
 */
public final class StorageFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageFault(String message, Throwable cause) {
        super(message, cause);
    }
}
