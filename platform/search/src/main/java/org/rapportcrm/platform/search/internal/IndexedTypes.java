package org.rapportcrm.platform.search.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the index holds of each record type: the signature its documents were built with, and the time up to which
 * every change of the type is in the index (later ones are caught up from the database after a restart). Kept in
 * memory and written into each commit, so it always describes what is durable.
 */
final class IndexedTypes {
    record Entry(String signature, Instant caughtUpTo) {
    }

    private static final String PREFIX = "type.";

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Types whose every record is in the index: those searches may use it. */
    private final Set<String> covered = ConcurrentHashMap.newKeySet();
    /** Types being built from scratch: their changes go into the index, but it does not cover them yet. */
    private final Set<String> building = ConcurrentHashMap.newKeySet();

    /** The state a commit described; nothing is covered until caught up. */
    static IndexedTypes fromCommitted(Map<String, String> notes) {
        IndexedTypes types = new IndexedTypes();
        notes.forEach((key, value) -> {
            int at = value.lastIndexOf('@');
            if (key.startsWith(PREFIX) && at > 0) {
                try {
                    types.entries.put(key.substring(PREFIX.length()),
                            new Entry(value.substring(0, at), Instant.ofEpochMilli(Long.parseLong(value.substring(at + 1)))));
                } catch (NumberFormatException e) {
                    // not ours: the type is rebuilt
                }
            }
        });
        return types;
    }

    Map<String, String> asCommitNotes() {
        Map<String, String> notes = new HashMap<>();
        entries.forEach((type, e) -> notes.put(PREFIX + type, e.signature() + "@" + e.caughtUpTo().toEpochMilli()));
        return notes;
    }

    /** Whether every type's documents were built the way this version builds them. */
    boolean builtAsNow() {
        return entries.values().stream().allMatch(e -> RecordDocuments.isCurrentFormat(e.signature()));
    }

    Optional<Entry> entry(String type) {
        return Optional.ofNullable(entries.get(type));
    }

    /** Whether changes of {@code type} go into the index as they happen: once it is being built or was built. */
    boolean isTracked(String type) {
        return entries.containsKey(type) || building.contains(type);
    }

    void startBuilding(String type) {
        covered.remove(type);
        entries.remove(type);
        building.add(type);
    }

    /** Every record of {@code type} changed before {@code caughtUpTo} is in the index. */
    void caughtUp(String type, String signature, Instant caughtUpTo) {
        entries.put(type, new Entry(signature, caughtUpTo));
        building.remove(type);
        covered.add(type);
    }

    /** Moves every covered type's mark forward to {@code caughtUpTo}: changes until then have reached the index. */
    void advance(Instant caughtUpTo) {
        covered.forEach(type -> entries.computeIfPresent(type, (t, e) -> e.caughtUpTo().isBefore(caughtUpTo) ? new Entry(e.signature(), caughtUpTo) : e));
    }

    boolean covers(String type) {
        return covered.contains(type);
    }
}
