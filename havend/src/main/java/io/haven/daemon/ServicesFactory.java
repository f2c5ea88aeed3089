package io.haven.daemon;

import io.haven.daemon.service.LocalNode;
import io.haven.daemon.service.Services;
import java.io.IOException;

/**
 * Makes a node's services once its identity and data directory are settled and before the server accepts clients:
 * the seam where the storage, quorum and locator roles plug in without touching the server or its dispatch. A
 * factory may open files under {@link HavendConfig#data()}; what it opens its services close.
 */
@FunctionalInterface
public interface ServicesFactory {
    /** A node with no roles: every CONTROL, DATA and MANAGE request answers ERROR_UNAVAILABLE. */
    ServicesFactory UNAVAILABLE = (config, node) -> Services.unavailable();

    /**
     * @param node this node: its uuid, and the roles it serves, which a control service updates
     * @throws IOException when what the services keep cannot be opened; the node then does not start
     */
    Services create(HavendConfig config, LocalNode node) throws IOException;
}
