package org.rapportcrm.service.internal.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rapportcrm.service.internal.ServiceTypes;

/**
 * Who of a queue's agents gets a case, by the queue's routing; only agents below their capacity take one.
 * <ul>
 * <li>round robin: the next agent after the one who got the previous case (by user id, wrapping around);</li>
 * <li>least open cases: the agent holding the fewest open cases (ties by user id);</li>
 * <li>skills based: the agents with most of the case's skills (its category and language), of them the one with the
 * fewest open cases; an agent with none of them only when nobody has any.</li>
 * </ul>
 */
final class Routing {
    private Routing() {
    }

    static Optional<String> choose(String routing, List<Agent> agents, String lastAssigned, Set<String> wantedSkills) {
        List<Agent> available = agents.stream().filter(Agent::hasRoom).sorted(Comparator.comparing(Agent::userId)).toList();
        if (available.isEmpty() || ServiceTypes.MANUAL.equals(routing)) {
            return Optional.empty();
        }
        Comparator<Agent> fewestOpen = Comparator.comparingLong(Agent::openCases).thenComparing(Agent::userId);
        return switch (routing) {
            case ServiceTypes.LEAST_OPEN -> available.stream().min(fewestOpen).map(Agent::userId);
            case ServiceTypes.SKILLS -> {
                int best = available.stream().mapToInt(a -> a.skillMatches(wantedSkills)).max().orElse(0);
                yield available.stream().filter(a -> a.skillMatches(wantedSkills) == best).min(fewestOpen).map(Agent::userId);
            }
            default -> Optional.of(nextInRotation(available, lastAssigned));
        };
    }

    private static String nextInRotation(List<Agent> sorted, String lastAssigned) {
        if (lastAssigned != null) {
            for (Agent agent : sorted) {
                if (agent.userId().compareTo(lastAssigned) > 0) {
                    return agent.userId();
                }
            }
        }
        return sorted.get(0).userId();
    }
}
