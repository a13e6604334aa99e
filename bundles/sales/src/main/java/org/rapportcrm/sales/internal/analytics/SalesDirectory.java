package org.rapportcrm.sales.internal.analytics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

/** Who is who for the rows of a forecast: users' names and teams, and teams' names, read once per forecast. */
final class SalesDirectory {
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, String> teamNames = new HashMap<>();

    SalesDirectory(UserService userService) {
        // Platform work: the names and teams of users are needed whoever asks, the figures are still read as the caller.
        for (User u : userService.users(Actor.system())) {
            users.put(u.id(), u);
        }
        for (Team t : userService.teams(Actor.system())) {
            teamNames.put(t.id(), t.name());
        }
    }

    /** The user's display name, else user name, else the id itself (a user deleted meanwhile). */
    String userLabel(String userId) {
        User u = users.get(userId);
        if (u == null) {
            return userId;
        }
        return u.displayName() == null || u.displayName().isBlank() ? u.userName() : u.displayName();
    }

    Set<String> teamIds(String userId) {
        User u = users.get(userId);
        return u == null ? Set.of() : u.teamIds();
    }

    String teamLabel(String teamId) {
        return teamNames.getOrDefault(teamId, teamId);
    }
}
