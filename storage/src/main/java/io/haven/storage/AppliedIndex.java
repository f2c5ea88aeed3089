package io.haven.storage;

/**
 * The log position of the last batch a store applied (Raft's {@code term#index}). {@code (0, 0)} for an empty
 * store.
 */
public record AppliedIndex(long term, long index) {
    public static final AppliedIndex NONE = new AppliedIndex(0, 0);

    @Override
    public String toString() {
        return term + "#" + index;
    }
}
