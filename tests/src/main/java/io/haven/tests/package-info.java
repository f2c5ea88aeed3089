/** Multi-process cluster tests, fault injection and benchmarks. */
package io.haven.tests;
