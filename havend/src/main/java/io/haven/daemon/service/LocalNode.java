package io.haven.daemon.service;

import io.haven.protocol.message.Response;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This node as others see it: its uuid, the version it runs, the address clients reach it at and the roles it
 * serves. Roles change when CONTROL moves the node; the address is known once the server has bound. Both are held
 * in atomic references, so any thread may read them.
 */
public final class LocalNode {
    private final String uuid;
    private final String version;
    private final AtomicReference<String> address;
    private final AtomicReference<List<String>> roles = new AtomicReference<>(List.of());

    public LocalNode(String uuid, String version, String address) {
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        this.version = Objects.requireNonNull(version, "version");
        this.address = new AtomicReference<>(Objects.requireNonNull(address, "address"));
    }

    public String uuid() {
        return uuid;
    }

    public String version() {
        return version;
    }

    /** {@code host:port} clients reach this node at. */
    public String address() {
        return address.get();
    }

    public void address(String bound) {
        address.set(Objects.requireNonNull(bound, "bound"));
    }

    /**
     * The roles served right now ({@code locator}, {@code quorum}, {@code processor}); empty while the node is idle
     * and answers only CONNECT, CONTROL, HEARTBEAT and DISCOVER.
     */
    public List<String> roles() {
        return roles.get();
    }

    public void roles(List<String> serving) {
        roles.set(List.copyOf(serving));
    }

    public Response.NodeInfo info() {
        return new Response.NodeInfo(uuid, roles());
    }

    public Response.Location location(boolean leader) {
        return new Response.Location(uuid, address(), roles(), leader);
    }
}
