package io.haven.storage.internal;

import java.nio.charset.StandardCharsets;

/**
 * The column families of a store and what their keys are. Strings are UTF-8; ids never contain NUL, so NUL
 * separates the parts of compound keys; times are 8-byte big-endian with the sign bit flipped so they sort.
 *
 * <pre>
 * column family  key                                   value
 * default        (unused, RocksDB requires it)
 * meta           "applied" | "revision" | "oldest"     term+index | long | long
 *                | "time"                              long (the last batch's time)
 * promises       promise id                            encoded Promise
 * tasks          task id (= its promise's id)          encoded TaskRow
 * callbacks      'f' awaited NUL awaiter                empty      (who waits on a promise)
 *                'r' awaiter NUL awaited                empty      (what a promise waits on)
 * timeouts       time, 'p' | 't', id                   empty      (promise timeout, task expiry)
 * pids           pid NUL task id                       empty      (acquired tasks of a process)
 * kv             key                                   encoded Kv
 * changes        revision                              time + encoded Change
 * </pre>
 */
public enum Cf {
    DEFAULT("default"),
    META("meta"),
    PROMISES("promises"),
    TASKS("tasks"),
    CALLBACKS("callbacks"),
    TIMEOUTS("timeouts"),
    PIDS("pids"),
    KV("kv"),
    CHANGES("changes");

    private final String cfName;

    Cf(String cfName) {
        this.cfName = cfName;
    }

    public byte[] nameBytes() {
        return cfName.getBytes(StandardCharsets.UTF_8);
    }
}
