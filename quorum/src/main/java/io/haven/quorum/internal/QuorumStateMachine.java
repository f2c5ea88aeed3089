package io.haven.quorum.internal;

import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Response;
import io.haven.quorum.QuorumListener;
import io.haven.storage.AppliedIndex;
import io.haven.storage.ApplyResult;
import io.haven.storage.Chain;
import io.haven.storage.Command;
import io.haven.storage.Outcome;
import io.haven.storage.Store;
import io.haven.storage.StoreException;
import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of one quorum: applies batches of DATA commands to the quorum's {@link Store}.
 *
 * <p>The store lives in {@code quorums/<name>/db}, outside Ratis' {@code sm/} directory, and records the applied
 * term and index in the same RocksDB write batch as the data. So the store itself is the snapshot: {@link
 * #getLatestSnapshot()} reports the store's applied index (Ratis replays the log above it after a restart) and
 * {@link #takeSnapshot()} only makes that index durable, after which Ratis purges the log below it. A snapshot has
 * no Ratis files ({@code getFiles()} is null), so Ratis' own install is disabled and a lagging member fetches a
 * RocksDB checkpoint from the leader instead ({@link SnapshotTransfer}).
 *
 * <p>Threads: Ratis calls {@code applyTransaction} on one apply thread per group, in log order; {@code query} on RPC
 * threads. {@link #store} is replaced only while the group is paused for a snapshot install.
 */
public final class QuorumStateMachine extends BaseStateMachine implements StateMachine.DataApi {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumStateMachine.class);

    /** The quorum's name, or its group uuid until a tick tells this member the name. Apply thread writes. */
    private volatile String quorum;

    private final Path dbDir;
    private final StoreOptions options;
    private final QuorumListener listener;
    private final SimpleStateMachineStorage smStorage = new SimpleStateMachineStorage();

    /** The store, replaced only by a checkpoint install or a repair (see {@link StoreSlot}). */
    private final StoreSlot slot;

    private final java.util.concurrent.atomic.AtomicInteger installing =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Where tests make this replica fail on purpose (shared by every state machine of the node). */
    private final FaultPoints faults;

    /** What this replica saw go against Raft's guarantees (see {@link Safety}). */
    private final Safety safety = new Safety();

    /** The leader's last stamp; read and written only in startTransaction (leader RPC threads, serialized by lock). */
    private long lastStamp;

    /**
     * Applied clock: never moves backwards even if a new leader's clock is behind, and (being the store's recorded
     * time at open) is the same on every replica at every log position. Apply thread writes.
     */
    private volatile long appliedTime;

    /** How many checkpoints this replica installed from a leader since it started. */
    private final java.util.concurrent.atomic.AtomicInteger installs = new java.util.concurrent.atomic.AtomicInteger();

    /** Whether this replica is the group's leader; maintained from Ratis' leader notifications. */
    private volatile boolean leader;

    private final SnapshotTransfer transfer;
    private final CheckpointFetcher fetcher;
    private final DivergenceCheck divergence;
    private final LocalAnswers local = new LocalAnswers();
    private final java.util.function.BiConsumer<String, List<String>> metaListener;
    private List<String> knownPaths = List.of();

    QuorumStateMachine(
            String quorum,
            Path quorumDir,
            StoreOptions options,
            QuorumListener listener,
            Function<RaftGroup, RaftClient> clients,
            java.util.function.BiConsumer<String, List<String>> metaListener,
            FaultPoints faults) {
        this.quorum = quorum;
        this.faults = faults;
        this.dbDir = quorumDir.resolve("db");
        this.options = options;
        this.listener = listener;
        this.slot = new StoreSlot(quorum);
        this.transfer = new SnapshotTransfer(quorumDir);
        this.fetcher = new CheckpointFetcher(this::quorum, this::getServer, this::getGroupId, clients, transfer);
        this.divergence = new DivergenceCheck(this::quorum, safety, fetcher, transfer.repair());
        this.metaListener = metaListener;
    }

    String quorum() {
        return quorum;
    }

    Path dbDir() {
        return dbDir;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        smStorage.init(raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        openStore();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Ratis pauses the machine before {@link #reinitialize()}: no entry is applied in between. */
    @Override
    public void pause() {
        if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /**
     * After a snapshot install: swap the fetched checkpoint in for the store (while paused, so nothing applies and
     * no read is inside the store), and report its applied index through {@link #getLatestSnapshot()}.
     */
    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        Path incoming = transfer.incoming();
        if (Files.isDirectory(incoming)) {
            Path previous = dbDir.resolveSibling("db.previous");
            try {
                slot.replace(() -> {
                    SnapshotTransfer.deleteTree(previous);
                    Files.move(dbDir, previous);
                    Files.move(incoming, dbDir);
                    installs.incrementAndGet();
                    openStore();
                });
            } catch (StoreException e) {
                throw new IOException("installing the checkpoint of quorum " + quorum + " failed", e);
            }
            divergence.clear();
            if (divergence.diverged()) {
                safety.repaired("repaired by the checkpoint install Ratis asked for");
                divergence.repaired();
            }
            listener.checkpointInstalled(getGroupId().getUuid().toString(), store().revision());
            SnapshotTransfer.deleteTree(previous);
            LOG.info("quorum {}: installed the leader's checkpoint at {}", quorum, getLastAppliedTermIndex());
        }
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    private void openStore() throws IOException {
        if (faults.takeStoreOpenFailure()) {
            throw new IOException("cannot open the store of quorum " + quorum + " at " + dbDir + " (injected)");
        }
        try {
            Store s = Store.open(dbDir, options);
            slot.set(s);
            // The store keeps the time of its last batch, so a restarted or newly installed replica applies the
            // replayed entries with the same clock as the members that never stopped.
            appliedTime = s.time();
            TermIndex at = TermIndex.valueOf(s.appliedTerm(), s.appliedIndex());
            TermIndex current = getLastAppliedTermIndex();
            if (current == null || at.compareTo(current) > 0) {
                // A repair may swap in a checkpoint behind what Ratis counts as applied; it replays up to there.
                updateLastAppliedTermIndex(at);
            }
            LOG.info("quorum {}: store open at {}, applied {}:{}", quorum, dbDir, s.appliedTerm(), s.appliedIndex());
        } catch (StoreException e) {
            throw new IOException("cannot open the store of quorum " + quorum + " at " + dbDir, e);
        }
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        Store s = slot.current();
        if (s == null || s.appliedIndex() <= 0) {
            return null;
        }
        return new StoreSnapshot(TermIndex.valueOf(s.appliedTerm(), s.appliedIndex()));
    }

    /**
     * Ratis truncates the log from {@code index} on (entries of a deposed leader that a new leader overwrites). An
     * entry that was applied was committed, and a committed entry is never truncated: a truncation at or below the
     * last applied index means this replica applied an entry that was never committed, a Raft safety violation
     * (FAULTS.md finding 5). It is logged at ERROR and counted; {@code havenctl status} shows the count. Called by
     * Ratis under its log's write lock, before the truncation runs.
     */
    @Override
    public CompletableFuture<Void> truncate(long index) {
        TermIndex applied = getLastAppliedTermIndex();
        if (applied != null && index <= applied.getIndex()) {
            long term = getServer().thenApply(s -> currentTerm(s)).getNow(-1L);
            safety.truncatedApplied(index, applied);
            LOG.error(
                    "SAFETY: quorum {} (group {}): the Raft log is truncated from index {} in term {}, but this replica"
                            + " already applied up to {}: it applied an entry that was never committed",
                    quorum,
                    getGroupId(),
                    index,
                    term,
                    applied);
        }
        return CompletableFuture.completedFuture(null);
    }

    private long currentTerm(RaftServer server) {
        try {
            return server.getDivision(getGroupId()).getInfo().getCurrentTerm();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every Raft log flush of this group waits for this (nothing, unless a test slows or gates the disk). */
    @Override
    public CompletableFuture<Void> flush(long logIndex) {
        return faults.beforeFlush();
    }

    public Safety safety() {
        return safety;
    }

    @Override
    public long takeSnapshot() throws IOException {
        Store s = slot.current();
        try {
            s.flush();
        } catch (StoreException e) {
            throw new IOException("snapshot of quorum " + quorum + " failed", e);
        }
        // While diverged, no more than the applied index when the divergence was found: Ratis keeps the log a
        // repair replays.
        return divergence.snapshotIndex(s.appliedIndex());
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        long stamp;
        synchronized (this) {
            // A new leader whose clock is behind its predecessor's must not move time backwards.
            stamp = Math.max(System.currentTimeMillis(), Math.max(lastStamp, appliedTime));
            lastStamp = stamp;
        }
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(Entry.stamp(request.getMessage().getContent(), stamp))
                .build();
    }

    @Override
    public TransactionContext startTransaction(LogEntryProto entry, RaftProtos.RaftPeerRole role) {
        if (faults.takeAppendFailure()) {
            throw new IllegalStateException(
                    "quorum " + quorum + ": injected log append failure at " + entry.getIndex());
        }
        return super.startTransaction(entry, role);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto log = trx.getLogEntry();
        divergence.takeRepair().ifPresent(repair -> swapIn(repair, log.getIndex()));
        if (log.getIndex() <= store().appliedIndex()) {
            // Inside the checkpoint this replica installed to repair itself (see swapIn): already applied.
            updateLastAppliedTermIndex(log.getTerm(), log.getIndex());
            CompletableFuture<List<Answer>> waiting = local.take(trx);
            if (waiting != null) {
                waiting.completeExceptionally(HavenException.unavailable(
                        "quorum " + quorum + " applied the write but lost its answer", quorum));
            }
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        Applied applied;
        try {
            applied = applyEntry(log, false);
        } catch (StoreException e) {
            // A replica that cannot write its store must not go on applying: Ratis stops the group.
            LOG.error("quorum {}: apply of {} failed", quorum, log.getIndex(), e);
            return CompletableFuture.failedFuture(e);
        }
        ApplyResult result = applied.result();
        HavenError[] undecodable = applied.undecodable();
        if (applied.entry().type() == Entry.Type.TICK) {
            // One byte: 1 when the sweep hit its limit and due items remain, so the leader ticks again at once.
            boolean more = result.outcomes().get(0) instanceof Outcome.Ticked t && t.more();
            return CompletableFuture.completedFuture(
                    Message.valueOf(ByteString.copyFrom(new byte[] {(byte) (more ? 1 : 0)})));
        }
        CompletableFuture<List<Answer>> waiting = local.take(trx);
        if (waiting != null) {
            // The leader's own entry: its callers get the outcomes as objects, with nothing encoded to decode again.
            waiting.complete(Replies.answers(undecodable, result.outcomes()));
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        return CompletableFuture.completedFuture(
                Message.valueOf(ByteString.copyFrom(Replies.encoded(undecodable, result.outcomes()))));
    }

    /** One applied log entry: what it was, what the store made of it, and which commands did not decode. */
    private record Applied(Entry entry, ApplyResult result, HavenError[] undecodable) {}

    /**
     * Applies one state-machine log entry to the store (on the apply thread, or while a repair replays the log):
     * records the store's hash chain at its index, compares a tick's leader chain with this replica's own, and
     * reports the changes to the listener unless this replica has diverged. A {@code replay} (entries Ratis already
     * counts as applied) moves neither the applied index nor the listener.
     */
    private Applied applyEntry(LogEntryProto log, boolean replay) throws StoreException {
        Entry entry = Entry.decode(log.getStateMachineLogEntry().getLogData(), true);
        long now = Math.max(appliedTime, entry.time());
        List<Command> commands = new ArrayList<>(entry.commands().size());
        // Per command of the entry: its error if it does not decode (deterministic on every replica: the same
        // bytes fail the same way), else null and it is applied.
        HavenError[] undecodable = new HavenError[entry.commands().size()];
        if (entry.type() == Entry.Type.TICK) {
            commands.add(Command.tick());
            learnMeta(entry.meta());
        } else {
            for (int i = 0; i < entry.commands().size(); i++) {
                try {
                    commands.add(Command.of(corruptIfAsked(
                            MessageCodec.decodeDataRequest(entry.commands().get(i)))));
                } catch (HavenException e) {
                    undecodable[i] = e.error();
                }
            }
        }
        ApplyResult result = store().applyBatch(log.getTerm(), log.getIndex(), now, commands);
        appliedTime = now;
        if (!replay) {
            updateLastAppliedTermIndex(log.getTerm(), log.getIndex());
        }
        divergence.record(store().chain(), entry.type() == Entry.Type.TICK);
        entry.check().ifPresent(leaders -> divergence.compare(leaders, store().appliedIndex()));
        if (!replay && !divergence.diverged()) {
            listener.applied(getGroupId().getUuid().toString(), leader, result.changes(), result.pushes());
        }
        return new Applied(entry, result, undecodable);
    }

    /** The fault point of {@link FaultPoints#corruptApplies}: this replica alone stores another value. */
    private DataRequest corruptIfAsked(DataRequest request) {
        if (request instanceof DataRequest.KvPut put && faults.takeApplyCorruption()) {
            byte[] bad = java.util.Arrays.copyOf(put.value(), put.value().length + 1);
            bad[bad.length - 1] = '!';
            LOG.warn(
                    "quorum {}: storing a corrupted value of {} on this replica only (fault point)", quorum, put.key());
            return new DataRequest.KvPut(put.key(), bad, put.contentType(), put.expectedVersion());
        }
        return request;
    }

    /**
     * On the apply thread, before applying entry {@code next}: swaps the fetched checkpoint in for the diverged
     * store and replays from the Raft log what this replica applied after the checkpoint's index. A checkpoint
     * whose follow-on entries the log no longer holds is dropped and another fetched. The diverged store is kept
     * in {@code db.diverged} for a look afterwards (the previous one is replaced).
     */
    private void swapIn(DivergenceCheck.Repair repair, long next) {
        long first = repair.at().index() + 1;
        org.apache.ratis.server.raftlog.RaftLog raftLog;
        try {
            raftLog = getServer().get().getDivision(getGroupId()).getRaftLog();
        } catch (IOException | ExecutionException e) {
            LOG.warn("quorum {}: cannot read the Raft log to repair this replica: {}", quorum, e.toString());
            divergence.fetchRepair();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (first < next && raftLog.getStartIndex() > first) {
            LOG.warn(
                    "quorum {}: the fetched checkpoint at {} is older than the log this replica holds (from {});"
                            + " fetching another",
                    quorum,
                    repair.at(),
                    raftLog.getStartIndex());
            divergence.fetchRepair();
            return;
        }
        Path kept = dbDir.resolveSibling("db.diverged");
        org.apache.ratis.server.raftlog.RaftLog log = raftLog;
        try {
            slot.replace(() -> {
                SnapshotTransfer.deleteTree(kept);
                Files.move(dbDir, kept);
                Files.move(repair.dir(), dbDir);
                openStore();
                divergence.clear();
                for (long i = first; i < next; i++) {
                    LogEntryProto e = log.get(i);
                    if (e != null && e.hasStateMachineLogEntry()) {
                        applyEntry(e, true);
                    }
                }
            });
        } catch (IOException | StoreException e) {
            // The store could not be swapped or replayed: Ratis stops the group, the node restarts it from disk.
            throw new IllegalStateException("quorum " + quorum + ": repairing this replica failed", e);
        }
        divergence.record(store().chain(), false);
        installs.incrementAndGet();
        divergence.repaired();
        String how = "repaired from the leader's checkpoint at " + repair.at() + " (replayed to " + (next - 1) + ")";
        safety.repaired(how);
        LOG.warn("SAFETY: quorum {} on this node {}; it serves the quorum again", quorum, how);
        listener.checkpointInstalled(getGroupId().getUuid().toString(), store().revision());
        LOG.info("quorum {}: the diverged store is kept in {}", quorum, kept);
    }

    ClientId localClientId() {
        return local.clientId();
    }

    /** Registers the future that gets the answers of this member's own entry {@code callId} once it is applied. */
    CompletableFuture<List<Answer>> expectLocal(long callId) {
        return local.expect(callId);
    }

    /** Drops a local entry's future that will never be completed (its submission failed). */
    void forgetLocal(long callId) {
        local.forget(callId);
    }

    /** Whether this replica diverged from its leader and has not repaired itself yet. */
    public boolean diverged() {
        return divergence.diverged();
    }

    /** When the divergence now being repaired was found ({@link System#nanoTime()}), or empty. */
    public java.util.OptionalLong divergedSince() {
        return divergence.since();
    }

    /** Tick entries this replica applied since it started (tests count detection delays in ticks). */
    public long ticksApplied() {
        return divergence.ticks();
    }

    /** The number of ticks applied when the divergence now being repaired was found, or -1. */
    public long ticksAtDivergence() {
        return divergence.ticksAtDivergence();
    }

    /** This replica's hash chain at a recently applied index (tests compare replicas). */
    public java.util.Optional<Chain> chainAt(long index) {
        return divergence.at(index);
    }

    /** A tick names the quorum and its paths; a member that did not know them tells its node. */
    private void learnMeta(List<byte[]> meta) {
        if (meta.isEmpty() || meta.get(0).length == 0) {
            return;
        }
        String name = new String(meta.get(0), java.nio.charset.StandardCharsets.UTF_8);
        List<String> paths = new ArrayList<>();
        for (int i = 1; i < meta.size(); i++) {
            paths.add(new String(meta.get(i), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!name.equals(quorum) || !paths.equals(knownPaths)) {
            quorum = name;
            knownPaths = List.copyOf(paths);
            metaListener.accept(name, knownPaths);
        }
    }

    /** Linearizable (after ReadIndex) and stale reads both end here. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            Entry entry = Entry.decode(request.getContent().toByteArray(), false);
            if (entry.type() != Entry.Type.READ) {
                throw HavenException.invalid("not a read", "type");
            }
            if (entry.commands().get(0).length == 0) {
                // A read barrier (Quorum's grouped linearizable reads): reaching here is its whole answer.
                return CompletableFuture.completedFuture(Message.EMPTY);
            }
            return CompletableFuture.completedFuture(
                    Message.valueOf(ByteString.copyFrom(read(entry.commands().get(0)))));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Stale reads carry snapshot transfers from a lagging member ({@link SnapshotTransfer}). */
    @Override
    public CompletableFuture<Message> queryStale(Message request, long minIndex) {
        byte[] bytes = request.getContent().toByteArray();
        if (!SnapshotTransfer.isTransfer(bytes)) {
            return query(request);
        }
        try {
            byte[] reply = slot.read(store -> transfer.serve(bytes, store, leaderTerm()));
            return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The leader purged the log this member needs: fetch the leader's checkpoint, swap it in for the store and
     * report the checkpoint's applied index, from which Ratis goes on appending.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
            RaftProtos.RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
        installing.incrementAndGet();
        LOG.info(
                "quorum {}: installing the leader's checkpoint (this member's log ends before the leader's log start"
                        + " {})",
                quorum,
                firstTermIndexInLog);
        return fetchCheckpoint(roleInfo, firstTermIndexInLog).whenComplete((at, e) -> installing.decrementAndGet());
    }

    /** This node's current term when it leads the group (and knows it is ready to serve), else empty. */
    private java.util.OptionalLong leaderTerm() {
        try {
            RaftServer.Division d = getServer().get().getDivision(getGroupId());
            return d.getInfo().isLeader() && d.getInfo().isLeaderReady()
                    ? java.util.OptionalLong.of(d.getInfo().getCurrentTerm())
                    : java.util.OptionalLong.empty();
        } catch (IOException | ExecutionException e) {
            return java.util.OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalLong.empty();
        }
    }

    /** Whether a checkpoint install is under way (this member's log does not move meanwhile). */
    boolean installing() {
        return installing.get() > 0;
    }

    private CompletableFuture<TermIndex> fetchCheckpoint(
            RaftProtos.RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                AppliedIndex at = fetcher.fetch(firstTermIndexInLog.getIndex() - 1, transfer.incoming());
                return TermIndex.valueOf(at.term(), at.index());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Reads the local store at the applied clock, so a read never sees a timeout the log has not reached. */
    byte[] read(byte[] command) {
        DataRequest request = MessageCodec.decodeDataRequest(command);
        try {
            return MessageCodec.encode(new Response.QueryReply(Envelope.NO_REQID, readLocal(request)));
        } catch (HavenException e) {
            return MessageCodec.encode(
                    new Response.Failure(Envelope.NO_REQID, io.haven.protocol.Action.QUERY, e.status(), e.error()));
        }
    }

    public DataResponse readLocal(DataRequest request) {
        return slot.read(store -> {
            divergence.checkServing();
            return store.read(request, appliedTime);
        });
    }

    /** The store's hash chain as of its applied index, empty while closed. */
    public java.util.Optional<Chain> chain() {
        Store s = slot.current();
        return s == null ? java.util.Optional.empty() : java.util.Optional.of(s.chain());
    }

    /** The revision of the store's last change, 0 when empty or closed. */
    public long revision() {
        Store s = slot.current();
        return s == null ? 0 : s.revision();
    }

    /** The change log of this replica: {@code [oldest, revision]}, {@code [1, 0]} while closed. */
    long[] changeRange() {
        Store s = slot.current();
        return s == null ? new long[] {1, 0} : new long[] {s.oldestRevision(), s.revision()};
    }

    List<io.haven.protocol.data.Change> changesSince(long fromRev, int limit) {
        return slot.read(store -> {
            divergence.checkServing();
            return store.changesSince(fromRev, limit);
        });
    }

    /** The open store; the apply thread's (or a paused group's) only. */
    private Store store() {
        return slot.current();
    }

    public int installedSnapshots() {
        return installs.get();
    }

    boolean isLeader() {
        return leader;
    }

    @Override
    public void notifyLeaderChanged(
            org.apache.ratis.protocol.RaftGroupMemberId groupMemberId,
            org.apache.ratis.protocol.RaftPeerId newLeaderId) {
        leader = groupMemberId.getPeerId().equals(newLeaderId);
        LOG.info("quorum {}: leader is {}{}", quorum, newLeaderId, leader ? " (this node)" : "");
    }

    /** Whether {@link #initialize} began and did not finish: the division's start failed (or is under way). */
    boolean startFailed() {
        return getLifeCycleState() == LifeCycle.State.STARTING && slot.current() == null;
    }

    /** Whether the store is open (between {@link #initialize} or a checkpoint install and {@link #close}). */
    boolean hasStore() {
        return slot.current() != null;
    }

    @Override
    public void close() throws IOException {
        slot.close();
        super.close();
    }

    /** A snapshot that is the live store itself: no files for Ratis to send. */
    record StoreSnapshot(TermIndex termIndex) implements SnapshotInfo {
        @Override
        public TermIndex getTermIndex() {
            return termIndex;
        }

        @Override
        public List<org.apache.ratis.server.storage.FileInfo> getFiles() {
            return null;
        }
    }
}
