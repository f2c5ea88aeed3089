package io.haven.protocol.data;

import java.util.Map;
import java.util.Objects;

/**
 * A durable promise. Times are milliseconds since the epoch; {@code settledOn} is 0 while the promise is pending
 * (and then absent on the wire).
 */
public record Promise(
        String id,
        PromiseState state,
        Payload param,
        Payload value,
        long timeout,
        Map<String, String> tags,
        long createdOn,
        long settledOn) {

    /** Tag that makes a promise a timer: reaching its timeout resolves it instead of rejecting it. */
    public static final String TAG_TIMER = "haven:timer";
    /** Tag naming a processor group: creating the promise also enqueues a task that invokes it. */
    public static final String TAG_INVOKE = "haven:invoke";

    public Promise {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(value, "value");
        tags = Map.copyOf(tags);
    }

    public boolean isTimer() {
        return "true".equals(tags.get(TAG_TIMER));
    }

    public Promise withSettlement(PromiseState newState, Payload newValue, long on) {
        return new Promise(id, newState, param, newValue, timeout, tags, createdOn, on);
    }
}
