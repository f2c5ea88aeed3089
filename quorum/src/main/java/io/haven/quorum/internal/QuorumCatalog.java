package io.haven.quorum.internal;

import io.haven.protocol.HavenException;
import io.haven.quorum.Quorum;
import io.haven.quorum.QuorumConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quorums this node hosts, by name: their handles, and what is kept beside each store on disk ({@code name} and
 * {@code paths} in {@code quorums/<group uuid>/}). A group another node added this node to is <em>nameless</em>
 * until a tick from a member that knows the name is applied ({@link #learned}); it is ticked meanwhile when this node
 * leads it, so its timeouts and leases still expire.
 *
 * <p>Thread-safe. The maps are concurrent and read without a lock; opening a quorum and writing its files happen
 * under {@link #lock}, which is held for local file I/O only, never across a network call, so the event loops and
 * the leader ticker never wait for a membership change.
 */
public final class QuorumCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumCatalog.class);
    private static final Pattern QUORUM_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final QuorumConfig config;
    /** Makes this node's handle on a hosted group: (name, group id) to a quorum. */
    private final BiFunction<String, RaftGroupId, Quorum> handles;

    private final Object lock = new Object();
    private final Map<String, Quorum> quorums = new ConcurrentHashMap<>();
    private final Map<RaftGroupId, Quorum> nameless = new ConcurrentHashMap<>();
    /** The paths each quorum serves, as kept in its directory; read once (DATA routing asks on every request). */
    private final Map<String, List<String>> paths = new ConcurrentHashMap<>();
    /** The quorums whose paths were written here (see {@link #knowsPaths}). */
    private final Set<String> pathsKnown = ConcurrentHashMap.newKeySet();

    private volatile RaftServer server;
    private volatile Runnable onChanged = () -> {};

    public QuorumCatalog(QuorumConfig config, BiFunction<String, RaftGroupId, Quorum> handles) {
        this.config = config;
        this.handles = handles;
    }

    /** The group id of a quorum: derived from its name, so every node agrees without talking. */
    public static RaftGroupId groupId(String quorum) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("haven-quorum:" + quorum).getBytes(StandardCharsets.UTF_8)));
    }

    public static void checkName(String quorum) {
        if (!QUORUM_NAME.matcher(quorum).matches()) {
            throw HavenException.invalid(
                    "a quorum name is 1-64 of [a-z0-9_-], starting with a letter or digit", "quorum");
        }
    }

    /** Called (on an internal thread) when this node starts or stops being a member of a named quorum. */
    public void onChanged(Runnable callback) {
        onChanged = callback;
    }

    /** Opens a handle on every named group the started Raft server hosts (a killed member rejoins by itself). */
    public void reopen(RaftServer started) throws IOException {
        server = started;
        for (RaftGroupId gid : started.getGroupIds()) {
            Optional<String> name = readName(gid);
            if (name.isPresent()) {
                synchronized (lock) {
                    open(name.get());
                }
            }
        }
    }

    /** The name kept beside a group's store, if one was written. */
    public Optional<String> readName(RaftGroupId gid) {
        Path f = config.quorumDir(gid.getUuid().toString()).resolve("name");
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records a quorum's name and served paths before this node creates or joins it. */
    public void record(String name, List<String> served) throws IOException {
        synchronized (lock) {
            writeName(name);
            writePaths(name, served);
        }
    }

    /**
     * The path prefixes a quorum serves, as this node was told when it created or joined it ({@code /} when it was
     * told none).
     */
    public List<String> paths(String name) {
        return paths.computeIfAbsent(name, this::readPaths);
    }

    /**
     * Whether this node has been told the paths of quorum {@code name} (it created or joined it, or learned them
     * from the log). A member another node added has not until the first tick reaches it; until then {@link
     * #paths} answers {@code /}, which must not be taken for the quorum's real paths when routing.
     */
    public boolean knowsPaths(String name) {
        paths(name);
        return pathsKnown.contains(name);
    }

    /** Records {@code served} as quorum {@code name}'s when this node has not been told them yet. */
    public void offerPaths(String name, List<String> served) throws IOException {
        synchronized (lock) {
            if (!knowsPaths(name)) {
                writePaths(name, served);
            }
        }
    }

    private List<String> readPaths(String name) {
        Path f = config.quorumDir(groupId(name).getUuid().toString()).resolve("paths");
        try {
            if (Files.exists(f)) {
                pathsKnown.add(name);
                return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
            }
            return List.of("/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writePaths(String name, List<String> served) throws IOException {
        Path dir = config.quorumDir(groupId(name).getUuid().toString());
        Files.createDirectories(dir);
        List<String> list = served.isEmpty() ? List.of("/") : List.copyOf(served);
        Files.write(dir.resolve("paths"), list);
        paths.put(name, list);
        pathsKnown.add(name);
    }

    private void writeName(String name) throws IOException {
        Path dir = config.quorumDir(groupId(name).getUuid().toString());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("name"), name + "\n");
    }

    /** This node's handle on a quorum it hosts, also one another node added it to (opened here by name). */
    public Optional<Quorum> quorum(String name) {
        Quorum q = quorums.get(name);
        RaftServer s = server;
        if (q != null || s == null || !QUORUM_NAME.matcher(name).matches()) {
            return Optional.ofNullable(q);
        }
        RaftGroupId gid = groupId(name);
        for (RaftGroupId g : s.getGroupIds()) {
            if (g.equals(gid)) {
                synchronized (lock) {
                    try {
                        writeName(name);
                        return Optional.of(open(name));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    public List<Quorum> quorums() {
        return List.copyOf(quorums.values());
    }

    /** Hosted groups whose name this node does not know yet. */
    public List<Quorum> nameless() {
        return List.copyOf(nameless.values());
    }

    /** Opens a handle on a group this node now hosts (it created or joined it); under the lock. */
    public Quorum opened(String name) throws IOException {
        synchronized (lock) {
            return open(name);
        }
    }

    private Quorum open(String name) throws IOException {
        Quorum existing = quorums.get(name);
        if (existing != null) {
            return existing;
        }
        Quorum q = handles.apply(name, groupId(name));
        quorums.put(name, q);
        return q;
    }

    /** Forgets a quorum this node left and closes its handle. */
    public void forget(String name) throws IOException {
        Quorum q = quorums.remove(name);
        if (q != null) {
            q.close();
        }
    }

    /** Whether quorum {@code name} is open here (the handle {@code q} itself, when given). */
    public boolean isOpen(String name, Quorum q) {
        return quorums.get(name) == q;
    }

    /** Opens, as nameless, every hosted group that is neither a named quorum nor already nameless. */
    public void adoptNewGroups() throws IOException {
        RaftServer s = server;
        if (s == null) {
            return;
        }
        for (RaftGroupId gid : s.getGroupIds()) {
            String uuid = gid.getUuid().toString();
            boolean known =
                    nameless.containsKey(gid) || quorums.values().stream().anyMatch(q -> q.id().equals(uuid));
            if (known) {
                continue;
            }
            synchronized (lock) {
                Optional<String> name = readName(gid);
                if (name.isPresent() && groupId(name.get()).equals(gid)) {
                    open(name.get());
                } else {
                    nameless.putIfAbsent(gid, handles.apply(gid.getUuid().toString(), gid));
                }
            }
        }
    }

    /**
     * A member learned its quorum's name and paths from the log (it was added by another node, or the paths
     * changed): keep them beside the store and open the quorum. Runs off the apply thread.
     */
    public void learned(RaftGroupId gid, String name, List<String> served) {
        if (!groupId(name).equals(gid) || !QUORUM_NAME.matcher(name).matches()) {
            LOG.warn("Raft group {} announces the name {}, which is not its own; ignored", gid, name);
            return;
        }
        try {
            boolean opened = false;
            synchronized (lock) {
                writeName(name);
                writePaths(name, served);
                if (!quorums.containsKey(name) && server != null) {
                    Quorum unnamed = nameless.remove(gid);
                    if (unnamed != null) {
                        unnamed.close();
                    }
                    open(name);
                    opened = true;
                }
            }
            if (opened) {
                LOG.info("member of quorum {} (serving {}), learned from its log", name, served);
                onChanged.run();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("recording quorum {} failed", name, e);
        }
    }

    /** Tells the listener the set of quorums changed (a create, join or leave finished). */
    public void changed() {
        onChanged.run();
    }

    /** Closes every handle (named and nameless). */
    public void close() throws IOException {
        for (Quorum q : quorums.values()) {
            q.close();
        }
        quorums.clear();
        for (Quorum q : nameless.values()) {
            q.close();
        }
        nameless.clear();
    }
}
