package io.haven.storage;

import io.haven.protocol.data.DataRequest;
import java.util.Objects;

/** One entry of a batch the store applies: a DATA request, or a tick of the leader's clock. */
public sealed interface Command {

    /** A DATA request (write kinds change state; read kinds are answered from the batch's view). */
    record Data(DataRequest request) implements Command {
        public Data {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * Expire what is due at the batch's time: pending promises past their timeout, leases past their expiry, and
     * pending tasks whose push is due again. At most {@link StoreOptions#sweepLimit()} items per tick; {@link
     * Outcome.Ticked#more()} says whether another tick is needed. The leader should apply one at least every few
     * hundred milliseconds, also when busy, so that every replica expires the same things at the same position.
     */
    record Tick() implements Command {
        public static final Tick INSTANCE = new Tick();
    }

    static Command of(DataRequest request) {
        return new Data(request);
    }

    static Command tick() {
        return Tick.INSTANCE;
    }
}
