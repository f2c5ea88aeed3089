/**
 * The replicated data of a quorum as the wire carries it: promises, tasks, key/value entries, the DATA requests
 * that read and write them ({@link io.haven.protocol.data.DataRequest}), their results and the change events
 * watches deliver. All types are immutable records; none accepts or returns null.
 */
package io.haven.protocol.data;
