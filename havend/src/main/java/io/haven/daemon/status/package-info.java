/**
 * What a node looks like to operations tools: its identity and roles, its quorums' Raft figures, the directory, and
 * a way to read its data and follow its changes. {@link io.haven.daemon.status.NodeView} is the one interface the
 * daemon implements for them; the HTTP endpoint ({@code io.haven.daemon.http}) and the metrics ({@code
 * io.haven.daemon.metrics}) read the node only through it and the values here.
 *
 * <p>Every value is an immutable record, a snapshot taken when it was asked for. No method takes or returns null.
 */
package io.haven.daemon.status;
