package org.rapportcrm.platform.core.internal.security;

import static org.rapportcrm.platform.api.security.AccessScope.ALL;
import static org.rapportcrm.platform.api.security.AccessScope.NONE;
import static org.rapportcrm.platform.api.security.AccessScope.OWN;
import static org.rapportcrm.platform.api.security.AccessScope.TEAM;

import java.util.List;
import java.util.Optional;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.Role;

/** The roles every installation has. Everyone may read all records; who may change what differs by role. */
public final class BuiltInRoles {
    public static final List<Role> ALL_ROLES = List.of(
            new Role(Role.ADMIN, "Administrator", List.of(new Grant(Grant.ANY_TYPE, ALL, true, ALL, ALL))),
            new Role("sales", "Sales", List.of(new Grant(Grant.ANY_TYPE, ALL, true, TEAM, OWN))),
            new Role("marketing", "Marketing", List.of(
                    new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE),
                    new Grant("contact", ALL, true, TEAM, OWN),
                    new Grant("lead", ALL, true, TEAM, OWN),
                    new Grant("account", ALL, true, OWN, NONE),
                    new Grant("activity", ALL, true, OWN, OWN))),
            new Role("service", "Service", List.of(
                    new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE),
                    new Grant("contact", ALL, true, TEAM, NONE),
                    new Grant("activity", ALL, true, TEAM, OWN))),
            new Role("read-only", "Read only", List.of(new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE))));

    private BuiltInRoles() {
    }

    public static Optional<Role> role(String name) {
        return ALL_ROLES.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
