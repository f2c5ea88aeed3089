package io.haven.quorum.internal;

import io.haven.storage.Store;
import io.haven.storage.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * Moves a RocksDB checkpoint from a quorum's leader to a member whose log is behind the leader's purged log.
 *
 * <p>The member asks the leader with stale reads (served by {@code queryStale} without a ReadIndex round):
 *
 * <pre>
 * member                                   leader
 * [1, 3, term]                open    -->  checkpoint into outgoing/&lt;token&gt;
 *                             &lt;--         [token, [[file, size], ...]]
 * [1, 4, token, file, offset] chunk   -->  up to 1 MiB of the file
 * [1, 5, token]               close   -->  delete outgoing/&lt;token&gt;
 * </pre>
 *
 * The member writes the files into {@code incoming/}, then swaps them in for its store.
 *
 * <p>Only the current leader serves a checkpoint, and only to a member whose term is not ahead of its own: {@code
 * open} carries the member's current term and is refused by a node that does not lead, or leads an older term (a
 * deposed leader cut off from the others still believes it leads). A member asks only the leader it knows now. So
 * a store can only spread from a leader the member itself follows, never from a deposed one (FAULTS.md finding 5:
 * the members that had installed an isolated leader's checkpoint carried its uncommitted entry).
 */
final class SnapshotTransfer {
    static final int OPEN = 3;
    static final int CHUNK = 4;
    static final int CLOSE = 5;
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path quorumDir;
    private final Map<String, Path> outgoing = new ConcurrentHashMap<>();

    SnapshotTransfer(Path quorumDir) {
        this.quorumDir = quorumDir;
    }

    static boolean isTransfer(byte[] message) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(message)) {
            u.unpackArrayHeader();
            u.unpackInt();
            int type = u.unpackInt();
            return type == OPEN || type == CHUNK || type == CLOSE;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Leader side: answers one transfer message.
     *
     * @param leaderTerm this node's current term when it leads the group, empty when it does not
     */
    byte[] serve(byte[] message, Store store, java.util.OptionalLong leaderTerm) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(message);
                MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            u.unpackArrayHeader();
            u.unpackInt();
            int type = u.unpackInt();
            switch (type) {
                case OPEN -> {
                    long requesterTerm = u.hasNext() ? u.unpackLong() : Long.MAX_VALUE;
                    if (leaderTerm.isEmpty()) {
                        throw new IOException("this node does not lead the quorum: ask its leader for a checkpoint");
                    }
                    if (leaderTerm.getAsLong() < requesterTerm) {
                        throw new IOException("this node leads term " + leaderTerm.getAsLong()
                                + ", older than the requester's term " + requesterTerm
                                + ": it was deposed and must not serve its checkpoint");
                    }
                    String token = UUID.randomUUID().toString();
                    Path dir = quorumDir.resolve("outgoing").resolve(token);
                    Files.createDirectories(dir.getParent());
                    try {
                        store.checkpoint(dir);
                    } catch (StoreException e) {
                        throw new IOException("checkpoint failed", e);
                    }
                    outgoing.put(token, dir);
                    List<Path> files;
                    try (Stream<Path> s = Files.list(dir)) {
                        files = s.sorted().toList();
                    }
                    p.packArrayHeader(2);
                    p.packString(token);
                    p.packArrayHeader(files.size());
                    for (Path f : files) {
                        p.packArrayHeader(2);
                        p.packString(f.getFileName().toString());
                        p.packLong(Files.size(f));
                    }
                }
                case CHUNK -> {
                    Path dir = outgoing.get(u.unpackString());
                    String name = u.unpackString();
                    long offset = u.unpackLong();
                    if (dir == null || name.contains("/") || name.contains("..")) {
                        throw new IOException("unknown transfer or file " + name);
                    }
                    try (RandomAccessFile f =
                            new RandomAccessFile(dir.resolve(name).toFile(), "r")) {
                        long left = f.length() - offset;
                        byte[] buf = new byte[(int) Math.max(0, Math.min(CHUNK_BYTES, left))];
                        f.seek(offset);
                        f.readFully(buf);
                        p.packBinaryHeader(buf.length);
                        p.writePayload(buf);
                    }
                }
                case CLOSE -> {
                    Path dir = outgoing.remove(u.unpackString());
                    if (dir != null) {
                        deleteTree(dir);
                    }
                    p.packNil();
                }
                default -> throw new IOException("unknown transfer message " + type);
            }
            return p.toByteArray();
        }
    }

    /** Where a checkpoint fetched for Ratis' install waits until the state machine swaps it in. */
    Path incoming() {
        return quorumDir.resolve("incoming");
    }

    /** Where a checkpoint fetched to repair a diverged replica waits until the apply thread swaps it in. */
    Path repair() {
        return quorumDir.resolve("repair");
    }

    /**
     * Member side: fetches the checkpoint of {@code leader}, which this member (in {@code term}) follows, into
     * {@code incoming} (emptied first) and returns that directory.
     */
    Path fetch(RaftClient client, RaftPeerId leader, long term, Path incoming) throws IOException {
        deleteTree(incoming);
        Files.createDirectories(incoming);
        byte[] opened = ask(client, leader, OPEN, term);
        String token;
        List<Map.Entry<String, Long>> files = new ArrayList<>();
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(opened)) {
            u.unpackArrayHeader();
            token = u.unpackString();
            int n = u.unpackArrayHeader();
            for (int i = 0; i < n; i++) {
                u.unpackArrayHeader();
                files.add(Map.entry(u.unpackString(), u.unpackLong()));
            }
        }
        try {
            for (Map.Entry<String, Long> file : files) {
                try (OutputStream out = Files.newOutputStream(incoming.resolve(file.getKey()))) {
                    long offset = 0;
                    while (offset < file.getValue()) {
                        byte[] chunk;
                        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(
                                ask(client, leader, CHUNK, token, file.getKey(), offset))) {
                            chunk = u.readPayload(u.unpackBinaryHeader());
                        }
                        if (chunk.length == 0) {
                            throw new IOException("leader sent an empty chunk of " + file.getKey());
                        }
                        out.write(chunk);
                        offset += chunk.length;
                    }
                }
            }
        } finally {
            ask(client, leader, CLOSE, token);
        }
        return incoming;
    }

    private static byte[] ask(RaftClient client, RaftPeerId leader, int type, Object... args) throws IOException {
        byte[] request;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2 + args.length);
            p.packInt(1);
            p.packInt(type);
            for (Object a : args) {
                if (a instanceof String s) {
                    p.packString(s);
                } else {
                    p.packLong((Long) a);
                }
            }
            request = p.toByteArray();
        }
        RaftClientReply reply = client.io().sendStaleRead(Message.valueOf(ByteString.copyFrom(request)), 0, leader);
        if (!reply.isSuccess()) {
            throw new IOException("snapshot transfer from " + leader + " failed", reply.getException());
        }
        return reply.getMessage().getContent().toByteArray();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
