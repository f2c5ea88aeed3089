/** The deterministic core every quorum replicates: promises, tasks, key/value and the change log over RocksDB. */
package io.haven.storage;
