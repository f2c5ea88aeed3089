package io.haven.storage;

import java.nio.file.Path;

/** The child process of {@link DeterminismTest}: replays a seeded random stream into a store and exits. */
final class ReplayMain {
    private ReplayMain() {}

    public static void main(String[] args) throws Exception {
        try (Store store = Store.open(Path.of(args[0]), DeterminismTest.OPTIONS)) {
            Streams.replay(Long.parseLong(args[1]), Integer.parseInt(args[2]), store, DeterminismTest.OPTIONS);
        }
        System.out.println("done");
    }
}
