package io.haven.quorum.internal;

import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/** Makes the Ratis clients of a node (to its own quorums and, for membership changes, to other nodes). */
public final class RaftClients {
    private final RaftProperties properties;

    public RaftClients(RaftProperties properties) {
        this.properties = properties;
    }

    /**
     * A client of {@code group} with about ten seconds of retries: enough to ride out an election, bounded so a
     * quorum that lost its majority answers UNAVAILABLE instead of holding a sender forever.
     */
    public RaftClient newClient(RaftGroup group) {
        return newClient(
                group,
                RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        20, TimeDuration.valueOf(500, TimeUnit.MILLISECONDS)));
    }

    public RaftClient newClient(RaftGroup group, RetryPolicy retry) {
        return RaftClient.newBuilder()
                .setProperties(properties)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setClientRpc(new GrpcFactory(new Parameters()).newRaftClientRpc(ClientId.randomId(), properties))
                .setRetryPolicy(retry)
                .build();
    }
}
