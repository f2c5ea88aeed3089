package io.haven.daemon.server;

import java.util.Objects;

/**
 * What CONNECT opened on a connection.
 *
 * @param id the session id sent back to the client, a random uuid
 * @param version the protocol version agreed
 * @param client the client's self-description, empty when it gave none
 */
record Session(String id, String version, String client) {
    Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(client, "client");
    }
}
