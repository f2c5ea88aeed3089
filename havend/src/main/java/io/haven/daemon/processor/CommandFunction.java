package io.haven.daemon.processor;

import io.haven.protocol.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A function that is a command on the processor node ({@code function.NAME = command line}, split on spaces, no
 * shell). The contract, also in protocol-docs/processors.md:
 *
 * <ul>
 *   <li>stdin: the invocation's {@code args} as JSON; on a resume, {@code {"args": ..., "state": ..., "awaited":
 *       {id: {"state": ..., "value": ...}}}} instead, with {@code HAVEN_RESUMED=1} set;
 *   <li>environment: only {@code PATH}, {@code LANG}, {@code HOME=/tmp} and {@code HAVEN_PROMISE_ID}, {@code
 *       HAVEN_TASK_ID}, {@code HAVEN_ATTEMPT} (nothing of the daemon's own);
 *   <li>exit 0: stdout (at most {@link #maxOutput} bytes) becomes the promise's value, unless it is the JSON
 *       object {@code {"haven:suspend": {"await": [ids], "state": ANY}}}, which suspends the invocation on those
 *       promises and saves {@code state};
 *   <li>non-zero exit: a failed attempt, retried per the policy, then the promise is rejected with {@code {"exit":
 *       code, "stderr": its last 4 KiB}}; killed by a signal (exit 129 and above): released for another attempt;
 *   <li>abort (the promise was canceled or timed out): SIGTERM to the command's process group, SIGKILL after the
 *       grace period.
 * </ul>
 */
final class CommandFunction {
    private static final int STDERR_TAIL = 4096;

    private final List<String> argv;
    private final int maxOutput;
    private final long graceMs;

    CommandFunction(String commandLine, int maxOutput, long graceMs) {
        this.argv = Arrays.stream(commandLine.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("an empty command line");
        }
        this.maxOutput = maxOutput;
        this.graceMs = graceMs;
    }

    /** A run of the command, stoppable from another thread with {@link Run#abort}. */
    Run start(Context c) {
        return new Run(c);
    }

    /** What a run sees: its ids, attempt, and what goes on stdin. */
    record Context(String promiseId, String taskId, long attempt, boolean resumed, byte[] stdin) {}

    /** One run: {@link #await} on the worker thread, {@link #abort} from any thread. */
    final class Run {
        private final Context context;
        private final AtomicBoolean aborted = new AtomicBoolean();
        private volatile Process process;

        Run(Context context) {
            this.context = context;
        }

        Attempt await() throws InterruptedException {
            List<String> cmd = new ArrayList<>();
            // A new session, so the command and its children form one process group abort can signal.
            if (SETSID) {
                cmd.add("setsid");
            }
            cmd.addAll(argv);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("LANG", "C.UTF-8");
            env.put("HOME", "/tmp");
            env.put("HAVEN_PROMISE_ID", context.promiseId());
            env.put("HAVEN_TASK_ID", context.taskId());
            env.put("HAVEN_ATTEMPT", Long.toString(context.attempt()));
            if (context.resumed()) {
                env.put("HAVEN_RESUMED", "1");
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new Attempt.Failed(
                        "cannot start " + argv.get(0) + ": " + e.getMessage(),
                        127,
                        false,
                        failure(127, e.getMessage()));
            }
            process = p;
            if (aborted.get()) {
                kill(p);
            }
            Capture out = new Capture(p.getInputStream(), maxOutput, false);
            Capture err = new Capture(p.getErrorStream(), STDERR_TAIL, true);
            out.start();
            err.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(context.stdin());
            } catch (IOException e) {
                // The command does not read its stdin: its exit says how it went.
            }
            int exit = p.waitFor();
            out.join();
            err.join();
            if (aborted.get()) {
                return new Attempt.Interrupted("aborted");
            }
            String stderr = new String(err.bytes(), StandardCharsets.UTF_8);
            if (exit == 0) {
                if (out.overflowed()) {
                    return new Attempt.Failed(
                            "the output is larger than " + maxOutput + " bytes",
                            0,
                            false,
                            failure(0, "output too large"));
                }
                return parse(out.bytes());
            }
            if (exit > 128) {
                return new Attempt.Interrupted("killed by signal " + (exit - 128));
            }
            return new Attempt.Failed(
                    "exit " + exit + (stderr.isBlank() ? "" : ": " + lastLine(stderr)),
                    exit,
                    true,
                    failure(exit, stderr));
        }

        /** Stops the run: SIGTERM to its process group, SIGKILL after the grace period. */
        void abort() {
            aborted.set(true);
            Process p = process;
            if (p != null) {
                kill(p);
            }
        }

        private void kill(Process p) {
            signal(p, "TERM");
            Thread t = new Thread(
                    () -> {
                        try {
                            if (!p.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                                signal(p, "KILL");
                                p.destroyForcibly();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "haven-abort-" + p.pid());
            t.setDaemon(true);
            t.start();
        }
    }

    private static final boolean SETSID =
            new java.io.File("/usr/bin/setsid").canExecute() || new java.io.File("/bin/setsid").canExecute();

    private static void signal(Process p, String signal) {
        try {
            // With setsid the command leads its own process group: -pid names the whole group.
            new ProcessBuilder("kill", "-" + signal, "--", (SETSID ? "-" : "") + p.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            if (signal.equals("KILL")) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A successful run's stdout: the value, or a suspend request. */
    static Attempt parse(byte[] stdout) {
        String text = new String(stdout, StandardCharsets.UTF_8).trim();
        if (text.startsWith("{") && text.contains("haven:suspend")) {
            try {
                Map<String, Object> m = Json.parseObject(text);
                if (m.get("haven:suspend") instanceof Map<?, ?> s && s.get("await") instanceof List<?> ids) {
                    List<String> awaited = new ArrayList<>();
                    for (Object id : ids) {
                        awaited.add(String.valueOf(id));
                    }
                    Object state = s.get("state");
                    byte[] saved =
                            state == null ? new byte[0] : Json.write(state).getBytes(StandardCharsets.UTF_8);
                    return new Attempt.Suspended(List.copyOf(awaited), saved);
                }
            } catch (IllegalArgumentException e) {
                // Not JSON after all: an ordinary value.
            }
        }
        return new Attempt.Resolved(stdout);
    }

    static byte[] failure(int exit, String stderr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exit", exit);
        m.put("stderr", stderr.length() > STDERR_TAIL ? stderr.substring(stderr.length() - STDERR_TAIL) : stderr);
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1];
        return last.length() > 200 ? last.substring(0, 200) : last;
    }

    /** Reads a stream to its end on its own thread, keeping at most {@code limit} bytes (the first, or the last). */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final int limit;
        private final boolean tail;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean overflowed;

        Capture(InputStream in, int limit, boolean tail) {
            super("haven-command-output");
            setDaemon(true);
            this.in = in;
            this.limit = limit;
            this.tail = tail;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    if (tail) {
                        kept.write(buf, 0, n);
                        if (kept.size() > 2 * limit) {
                            byte[] all = kept.toByteArray();
                            kept.reset();
                            kept.write(all, all.length - limit, limit);
                        }
                    } else if (kept.size() + n <= limit) {
                        kept.write(buf, 0, n);
                    } else {
                        overflowed = true;
                    }
                }
            } catch (IOException e) {
                // The process ended: what was read is all there is.
            }
        }

        byte[] bytes() {
            byte[] all = kept.toByteArray();
            return tail && all.length > limit ? Arrays.copyOfRange(all, all.length - limit, all.length) : all;
        }

        boolean overflowed() {
            return overflowed;
        }
    }
}
