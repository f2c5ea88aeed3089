/**
 * Linearizability checking for Haven's fault-injection runs: concurrent clients record a {@link
 * io.haven.tests.lin.History} of calls (invoked, then ok, failed or indeterminate), and a {@link
 * io.haven.tests.lin.Checker} decides, key by key, whether some sequential order of those calls, each placed between
 * its invocation and its completion, is allowed by a {@link io.haven.tests.lin.Model} of Haven's sequential
 * semantics (kv compare-and-set registers, promises, tasks).
 *
 * <p>Threading: a {@code History} may be written by any number of client threads at once; everything else here is
 * either immutable or confined to the thread that calls it. No method takes or returns null.
 */
package io.haven.tests.lin;
