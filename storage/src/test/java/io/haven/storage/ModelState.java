package io.haven.storage;

import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Everything that is state in the {@link Model}; copied before each command and restored when it fails. */
final class ModelState {
    record MTask(Task task, String group, String awaited) {
        MTask with(TaskState state, long version, String pid, long expiresOn) {
            Task t = task;
            return new MTask(
                    new Task(t.id(), state, version, pid, t.ttl(), expiresOn, t.current(), t.resumes()),
                    group,
                    awaited);
        }

        MTask resumes(List<String> resumes) {
            Task t = task;
            return new MTask(
                    new Task(t.id(), t.state(), t.version(), t.pid(), t.ttl(), t.expiresOn(), t.current(), resumes),
                    group,
                    awaited);
        }
    }

    TreeMap<String, Promise> promises = new TreeMap<>();
    TreeMap<String, MTask> tasks = new TreeMap<>();
    TreeMap<String, Kv> kv = new TreeMap<>();
    TreeSet<String> callbacks = new TreeSet<>(); // "awaited\0awaiter"
    long rev;

    ModelState copy() {
        ModelState s = new ModelState();
        s.promises = new TreeMap<>(promises);
        s.tasks = new TreeMap<>(tasks);
        s.kv = new TreeMap<>(kv);
        s.callbacks = new TreeSet<>(callbacks);
        s.rev = rev;
        return s;
    }
}
