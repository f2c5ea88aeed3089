/** The location service: the directory of nodes and quorums, replicated on its own Ratis group. */
package io.haven.locator;
