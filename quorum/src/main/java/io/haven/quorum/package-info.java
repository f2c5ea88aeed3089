/** Ratis glue: the state machine over storage, group lifecycle, membership change and snapshots. */
package io.haven.quorum;
