package io.haven.protocol.auth;

import io.haven.protocol.HavenException;
import java.util.Objects;

/**
 * One thing a token lets its holder do, written as a string in the token:
 *
 * <pre>
 *  data:read:PATH    read the keys, promises and tasks PATH covers (on whole segments, see below)
 *  data:write:PATH   create, change and delete them; implies data:read:PATH
 *  control           become / leave (CONTROL)
 *  discover          DISCOVER
 *  process:GROUP     act as a processor of GROUP (manage, task heartbeats); process:* is every group
 *  node              a cluster member speaking to another (joining a quorum, forwarding, checkpoints)
 * </pre>
 *
 * A path covers itself and every key below it on whole {@code /} segments: {@code /a} covers {@code /a/x}, never
 * {@code /ab}; trailing slashes do not matter. {@code /} covers every key but the reserved {@code haven:} keys of
 * the location service, which only {@code haven:} (or a path below it, such as {@code haven:nodes}) covers. Write
 * implies read because every write answers with the object it wrote, or with the one already there.
 *
 * <p>Text that is none of these is refused (INVALID): a verifier that ignored a capability it does not know could
 * not tell whether an attenuation narrowed it.
 */
public sealed interface Capability
        permits Capability.DataRead, Capability.DataWrite, Capability.Process, Capability.Operation {
    /** The prefixes of the capabilities that take an argument. */
    String DATA_READ = "data:read:";

    String DATA_WRITE = "data:write:";
    String PROCESS = "process:";

    /** Whether holding this capability implies holding {@code other}. */
    boolean covers(Capability other);

    /** The capability as the token writes it. */
    @Override
    String toString();

    /** {@code data:read:PATH}; {@code path} is normalized (no trailing slash but for {@code /}). */
    record DataRead(String path) implements Capability {
        public DataRead {
            path = PathRules.normalize(Objects.requireNonNull(path, "path"));
        }

        @Override
        public boolean covers(Capability other) {
            return other instanceof DataRead r && PathRules.coversPath(path, r.path);
        }

        @Override
        public String toString() {
            return DATA_READ + path;
        }
    }

    /** {@code data:write:PATH}, which implies {@code data:read:PATH}. */
    record DataWrite(String path) implements Capability {
        public DataWrite {
            path = PathRules.normalize(Objects.requireNonNull(path, "path"));
        }

        @Override
        public boolean covers(Capability other) {
            if (other instanceof DataWrite w) {
                return PathRules.coversPath(path, w.path);
            }
            return other instanceof DataRead r && PathRules.coversPath(path, r.path);
        }

        @Override
        public String toString() {
            return DATA_WRITE + path;
        }
    }

    /** {@code process:GROUP}; the group {@value #ANY_GROUP} is every group. */
    record Process(String group) implements Capability {
        public static final String ANY_GROUP = "*";

        public Process {
            Objects.requireNonNull(group, "group");
            if (group.isEmpty() || group.chars().anyMatch(c -> Character.isISOControl(c) || c == ' ')) {
                throw new IllegalArgumentException("a processor group is one word without spaces: '" + group + "'");
            }
        }

        @Override
        public boolean covers(Capability other) {
            return other instanceof Process p && (group.equals(ANY_GROUP) || group.equals(p.group));
        }

        @Override
        public String toString() {
            return PROCESS + group;
        }
    }

    /** The capabilities without an argument. */
    enum Operation implements Capability {
        CONTROL("control"),
        DISCOVER("discover"),
        NODE("node");

        private final String text;

        Operation(String text) {
            this.text = text;
        }

        @Override
        public boolean covers(Capability other) {
            return other == this;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The capability {@code text} names; INVALID naming {@code caps} when it names none. */
    static Capability parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            for (Operation o : Operation.values()) {
                if (o.text.equals(text)) {
                    return o;
                }
            }
            if (text.startsWith(DATA_READ)) {
                return new DataRead(text.substring(DATA_READ.length()));
            }
            if (text.startsWith(DATA_WRITE)) {
                return new DataWrite(text.substring(DATA_WRITE.length()));
            }
            if (text.startsWith(PROCESS)) {
                return new Process(text.substring(PROCESS.length()));
            }
        } catch (IllegalArgumentException e) {
            throw HavenException.invalid("capability '" + text + "': " + e.getMessage(), "caps");
        }
        throw HavenException.invalid(
                "unknown capability '" + text
                        + "' (expected data:read:PATH, data:write:PATH, control, discover, process:GROUP or node)",
                "caps");
    }
}
