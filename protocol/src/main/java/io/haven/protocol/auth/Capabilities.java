package io.haven.protocol.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What one token allows: a set of {@link Capability capabilities}, in the order the token lists them, without
 * duplicates. Immutable.
 */
public record Capabilities(List<Capability> list) {
    public static final Capabilities NONE = new Capabilities(List.of());

    /** Everything a client or a member can be allowed: the capabilities of an operator's own token. */
    public static final Capabilities ALL = new Capabilities(List.of(
            Capability.Operation.CONTROL,
            Capability.Operation.DISCOVER,
            Capability.Operation.NODE,
            new Capability.Process(Capability.Process.ANY_GROUP),
            new Capability.DataWrite(PathRules.ROOT),
            new Capability.DataWrite(PathRules.RESERVED)));

    public Capabilities {
        list = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(list, "list")));
    }

    public static Capabilities of(Capability... capabilities) {
        return new Capabilities(List.of(capabilities));
    }

    /** The capabilities the strings name; INVALID naming {@code caps} for one that names none. */
    public static Capabilities parse(Collection<String> texts) {
        List<Capability> list = new ArrayList<>();
        for (String t : texts) {
            list.add(Capability.parse(t));
        }
        return new Capabilities(list);
    }

    /** The strings a token carries, in order. */
    public List<String> strings() {
        return list.stream().map(Capability::toString).toList();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Whether one of these capabilities implies {@code c}. */
    public boolean has(Capability c) {
        for (Capability mine : list) {
            if (mine.covers(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every capability of {@code narrower} is implied by one of these: the rule each attenuation obeys. */
    public boolean covers(Capabilities narrower) {
        for (Capability c : narrower.list) {
            if (!has(c)) {
                return false;
            }
        }
        return true;
    }

    /** The capabilities of {@code narrower} that none of these implies (empty when {@link #covers} holds). */
    public List<Capability> notCovered(Capabilities narrower) {
        return narrower.list.stream().filter(c -> !has(c)).toList();
    }

    /** Whether the key, promise id or task id {@code key} may be read. */
    public boolean canRead(String key) {
        for (Capability c : list) {
            if (c instanceof Capability.DataRead r && PathRules.coversKey(r.path(), key)
                    || c instanceof Capability.DataWrite w && PathRules.coversKey(w.path(), key)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the key, promise id or task id {@code key} may be created, changed or deleted. */
    public boolean canWrite(String key) {
        for (Capability c : list) {
            if (c instanceof Capability.DataWrite w && PathRules.coversKey(w.path(), key)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some key starting with {@code prefix} (a plain string prefix) may be read. */
    public boolean canReadSomeUnder(String prefix) {
        for (String path : dataPaths()) {
            if (PathRules.overlapsPrefix(path, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the identity may act as a processor of {@code group}. */
    public boolean canProcess(String group) {
        for (Capability c : list) {
            if (c instanceof Capability.Process p
                    && !group.isEmpty()
                    && (p.group().equals(Capability.Process.ANY_GROUP)
                            || p.group().equals(group))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some {@code process:} capability is held, whatever its group. */
    public boolean isProcessor() {
        return list.stream().anyMatch(c -> c instanceof Capability.Process);
    }

    /** The paths of every data capability, read and write. */
    List<String> dataPaths() {
        List<String> paths = new ArrayList<>();
        for (Capability c : list) {
            if (c instanceof Capability.DataRead r) {
                paths.add(r.path());
            } else if (c instanceof Capability.DataWrite w) {
                paths.add(w.path());
            }
        }
        return paths;
    }

    @Override
    public String toString() {
        return String.join(" ", strings());
    }
}
