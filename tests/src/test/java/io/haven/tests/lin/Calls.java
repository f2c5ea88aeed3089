package io.haven.tests.lin;

import java.util.ArrayList;
import java.util.List;

/** A small builder of hand-written histories on logical time (one tick = one nanosecond). */
final class Calls {
    private final List<Op> ops = new ArrayList<>();
    private final String key;

    Calls(String key) {
        this.key = key;
    }

    Calls ok(int process, long from, long to, Object input, Object output) {
        ops.add(Op.ok(process, key, input, output, from, to));
        return this;
    }

    Calls info(int process, long from, Object input) {
        ops.add(Op.info(process, key, input, from));
        return this;
    }

    Calls fail(int process, long from, long to, Object input) {
        ops.add(Op.fail(process, key, input, from, to));
        return this;
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }
}
