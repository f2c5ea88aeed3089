package io.haven.storage;

import io.haven.protocol.data.DataRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link DurabilityTest}: applies batches of {@value #PUTS} puts with sync on, forever, and
 * prints each batch's index once {@link Store#applyBatch} has returned. The test kills it with SIGKILL.
 */
final class CrashWriter {
    static final int PUTS = 10;

    private CrashWriter() {}

    static String key(long batch, int i) {
        return "/b/" + batch + "/" + i;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (Store store = Store.open(dir, StoreOptions.builder().sync(true).build())) {
            for (long index = store.appliedIndex() + 1; ; index++) {
                List<Command> batch = new ArrayList<>();
                for (int i = 0; i < PUTS; i++) {
                    byte[] value = ("value " + index + "/" + i).getBytes(StandardCharsets.UTF_8);
                    batch.add(Command.of(new DataRequest.KvPut(key(index, i), value, "", DataRequest.NO_VERSION)));
                }
                store.applyBatch(1, index, index, batch);
                System.out.println(index);
                System.out.flush();
            }
        }
    }
}
