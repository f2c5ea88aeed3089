package io.haven.tests.faults;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.tests.cluster.HavenCluster;
import io.haven.tests.lin.History;
import io.haven.tests.lin.PromiseModel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Promises created, settled and read by several clients at once: the clients work on a small window of ids, so
 * that creates and settles of one id race, and the window moves on now and then. Params and values are unique.
 * Timeouts lie a day ahead, beyond any run (the model does not time promises out).
 */
final class PromiseWorkload extends Workload {
    static final String PREFIX = "/faults/p/";
    private static final int WINDOW = 4;
    private static final PromiseState[] SETTLED = {
        PromiseState.RESOLVED, PromiseState.REJECTED, PromiseState.REJECTED_CANCELED
    };

    private final long timeout = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1);
    private final AtomicInteger next = new AtomicInteger(WINDOW);

    PromiseWorkload(HavenCluster cluster, History history, int clients, long seed) {
        super("promise", cluster, history, clients, seed);
    }

    @Override
    void step(Client c) throws InterruptedException {
        if (c.random.nextInt(10) == 0) {
            next.incrementAndGet();
        }
        String id = String.format("%s%06d", PREFIX, next.get() - 1 - c.random.nextInt(WINDOW));
        touched(id);
        String unique = "c" + c.index + "-" + c.random.nextInt(1_000_000_000);
        double x = c.random.nextDouble();
        if (x < 0.4) {
            c.call(
                    id,
                    new PromiseModel.Create(unique),
                    new DataRequest.PromiseCreate(id, payload(unique), timeout, Map.of()),
                    this::seen);
        } else if (x < 0.7) {
            PromiseState state = SETTLED[c.random.nextInt(SETTLED.length)];
            c.call(
                    id,
                    new PromiseModel.Settle(state, unique),
                    new DataRequest.PromiseSettle(id, state, payload(unique)),
                    this::seen);
        } else {
            c.call(id, readInput(), read(id), this::readOutput);
        }
    }

    private static Payload payload(String s) {
        return Payload.of(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The promise in an answer, with the answer's status; 404 as NotFound. */
    private Optional<Object> seen(Answer a) {
        if (a instanceof Answer.Ok ok && ok.response().data() instanceof DataResult.PromiseResult r) {
            Promise p = r.promise();
            return Optional.of(new PromiseModel.Seen(
                    ok.response().status(),
                    p.state(),
                    new String(p.param().data(), StandardCharsets.UTF_8),
                    new String(p.value().data(), StandardCharsets.UTF_8)));
        }
        if (a instanceof Answer.Definite d && d.notFound()) {
            return Optional.of(new PromiseModel.NotFound());
        }
        return Optional.empty();
    }

    @Override
    Object readInput() {
        return new PromiseModel.Get();
    }

    @Override
    DataRequest read(String key) {
        return new DataRequest.PromiseGet(key);
    }

    @Override
    Optional<Object> readOutput(Answer a) {
        return seen(a);
    }
}
