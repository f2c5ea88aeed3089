package io.haven.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which quorum serves a key: the one serving the longest prefix of it. Quorums may nest ({@code q1} on {@code /},
 * {@code q3} on {@code /a/deep}): the longer prefix wins, and an answer about a prefix names the longer prefixes
 * others serve under it ({@link #under}), which it does not cover. The one matcher for routing on nodes, in the
 * directory and in clients. Immutable.
 *
 * @param <T> what serves a prefix (a quorum handle, a quorum name)
 */
public final class PrefixMatcher<T> {
    /** One served prefix and what serves it. */
    public record Entry<T>(String prefix, T owner) {
        public Entry {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** The longest served prefix of a key and what serves it. */
    public record Match<T>(String prefix, T owner) {}

    private final List<Entry<T>> entries;

    private PrefixMatcher(List<Entry<T>> entries) {
        this.entries = List.copyOf(entries);
    }

    public static <T> PrefixMatcher<T> of(List<Entry<T>> entries) {
        return new PrefixMatcher<>(entries);
    }

    /** A matcher being filled one prefix at a time. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** Collects prefixes; not thread-safe. */
    public static final class Builder<T> {
        private final List<Entry<T>> entries = new ArrayList<>();

        public Builder<T> add(String prefix, T owner) {
            entries.add(new Entry<>(prefix, owner));
            return this;
        }

        public Builder<T> addAll(List<String> prefixes, T owner) {
            for (String p : prefixes) {
                add(p, owner);
            }
            return this;
        }

        public PrefixMatcher<T> build() {
            return new PrefixMatcher<>(entries);
        }
    }

    /** The entry with the longest prefix of {@code key} (the first added, among equally long ones). */
    public Optional<Match<T>> longest(String key) {
        Entry<T> best = null;
        for (Entry<T> e : entries) {
            if (key.startsWith(e.prefix())
                    && (best == null || e.prefix().length() > best.prefix().length())) {
                best = e;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Match<>(best.prefix(), best.owner()));
    }

    /**
     * The longer prefixes under {@code prefix} that owners other than {@code owner} serve: an answer about {@code
     * prefix} must not be taken for keys under them. Sorted, each once.
     */
    public List<String> under(String prefix, T owner) {
        TreeSet<String> out = new TreeSet<>();
        for (Entry<T> e : entries) {
            if (!e.owner().equals(owner)
                    && e.prefix().length() > prefix.length()
                    && e.prefix().startsWith(prefix)) {
                out.add(e.prefix());
            }
        }
        return List.copyOf(out);
    }

    /** Whether {@code key} is under {@code prefix} and under none of {@code excluded} (a route's coverage). */
    public static boolean covers(String prefix, List<String> excluded, String key) {
        if (!key.startsWith(prefix)) {
            return false;
        }
        for (String other : excluded) {
            if (key.startsWith(other)) {
                return false;
            }
        }
        return true;
    }

    public List<Entry<T>> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
