/**
 * The location service on a node: the agent that keeps this node's record in the directory and heartbeats to the
 * locators, DISCOVER answered from the directory, and DATA routed to the quorum that serves a path when no quorum on
 * this node does (forwarded, or NOT_MINE when the client asked for redirects).
 */
package io.haven.daemon.locator;
