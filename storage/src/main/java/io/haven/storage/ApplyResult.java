package io.haven.storage;

import io.haven.protocol.data.Change;
import java.util.List;

/**
 * The result of one applied batch.
 *
 * @param term the batch's log term
 * @param index the batch's log index, now the store's applied index
 * @param outcomes one per command, in order
 * @param changes every change the batch committed, in revision order (what watches deliver)
 * @param pushes messages to push to processors, in the order they arose
 */
public record ApplyResult(long term, long index, List<Outcome> outcomes, List<Change> changes, List<TaskPush> pushes) {
    public ApplyResult {
        outcomes = List.copyOf(outcomes);
        changes = List.copyOf(changes);
        pushes = List.copyOf(pushes);
    }
}
