package org.rapportcrm.platform.api.security;

/** Which records a permission reaches: none, those the user owns, those owned by the user's teams, or all. */
public enum AccessScope {
    NONE, OWN, TEAM, ALL
}
