package org.rapportcrm.service.internal.routing;

import java.util.Set;

/**
 * A queue member as routing sees them: their skills (categories and languages, lower-cased), how many open cases they
 * may hold (null: no limit) and how many they hold now.
 */
record Agent(String userId, Set<String> skills, Long capacity, long openCases) {
    boolean hasRoom() {
        return capacity == null || openCases < capacity;
    }

    /** How many of the wanted skills (a case's category and language) the agent has. */
    int skillMatches(Set<String> wanted) {
        return (int) wanted.stream().filter(skills::contains).count();
    }
}
