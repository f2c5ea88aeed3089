package io.haven.tests.cluster;

import io.haven.quorum.RaftNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a member's Raft log segments from its data directory (Ratis names them {@code log_<first>-<last>} when
 * closed and {@code log_inprogress_<first>} while open): which indexes the member still keeps, so a test can tell
 * when a purge has removed entries.
 */
final class RaftLog {
    private static final Pattern SEGMENT = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-(\\d+))?");

    private RaftLog() {}

    /** The directory holding the segments of {@code quorum} on a node with this data directory. */
    static Path dir(Path data, String quorum) {
        return data.resolve("raft")
                .resolve(RaftNode.groupId(quorum).getUuid().toString())
                .resolve("current");
    }

    /** The first index of every segment the member keeps, ascending. */
    static List<Long> segmentStarts(Path data, String quorum) throws IOException {
        Path dir = dir(data, quorum);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> SEGMENT.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .sorted()
                    .toList();
        }
    }

    /** The first index the member still keeps in its log. */
    static OptionalLong firstIndex(Path data, String quorum) throws IOException {
        List<Long> starts = segmentStarts(data, quorum);
        return starts.isEmpty() ? OptionalLong.empty() : OptionalLong.of(starts.get(0));
    }
}
