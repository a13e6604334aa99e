package org.rapportcrm.platform.api.security;

import java.util.Set;

public record Team(String id, String name, Set<String> memberIds) {
}
