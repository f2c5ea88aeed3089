/**
 * Watch tests: {@code havenctl watch} against an in-process node, and sessions watching a real three-process
 * quorum through leader kills, checked against the quorum's own replay of its change log.
 */
package io.haven.tests.watch;
