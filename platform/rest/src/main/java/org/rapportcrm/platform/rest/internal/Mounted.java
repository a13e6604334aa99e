package org.rapportcrm.platform.rest.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * A declared route at its place under {@code /api/v1}: the path segments of its mount point and of its own pattern,
 * and who contributed it (a bundle's symbolic name).
 */
record Mounted(List<String> segments, RestRoute route, String contributor, List<RestRoute.Parameter> mountParameters,
        Map<String, Pattern> pathPatterns) {

    static Mounted at(String mountPoint, RestRoute route, String contributor) {
        return at(mountPoint, route, contributor, List.of());
    }

    /** {@code mountParameters} declare the parameters of the mount point, such as a record action's {@code id}. */
    static Mounted at(String mountPoint, RestRoute route, String contributor, List<RestRoute.Parameter> mountParameters) {
        List<String> all = new ArrayList<>(split(mountPoint));
        all.addAll(route.segments());
        Map<String, Pattern> patterns = new HashMap<>();
        List<RestRoute.Parameter> parameters = new ArrayList<>(mountParameters);
        parameters.addAll(route.parameters());
        for (RestRoute.Parameter p : parameters) {
            if (p.in() == RestRoute.In.PATH && p.schema().keywords().get("pattern") instanceof String regex) {
                patterns.put(p.name(), Pattern.compile(regex));
            }
        }
        return new Mounted(List.copyOf(all), route, contributor, List.copyOf(mountParameters), Map.copyOf(patterns));
    }

    /** Every parameter, the mount point's first. */
    List<RestRoute.Parameter> parameters() {
        List<RestRoute.Parameter> all = new ArrayList<>(mountParameters);
        all.addAll(route.parameters());
        return all;
    }

    static List<String> split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/"));
    }

    /**
     * The path parameters if {@code path} matches, else null. A parameter whose schema has a pattern matches only
     * text of that pattern, so {@code /contacts/export} is not taken for the contact with the id "export".
     */
    Map<String, String> match(List<String> path) {
        if (path.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < path.size(); i++) {
            String s = segments.get(i);
            if (isParameter(s)) {
                String name = s.substring(1, s.length() - 1);
                if (!fitsPattern(name, path.get(i))) {
                    return null;
                }
                params.put(name, path.get(i));
            } else if (!s.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    private boolean fitsPattern(String parameter, String value) {
        Pattern pattern = pathPatterns.get(parameter);
        return pattern == null || pattern.matcher(value).find();
    }

    /** Literal segments win over parameters, from the left: {@code a/b} is chosen before {@code a/{x}} for {@code a/b}. */
    String specificity() {
        StringBuilder key = new StringBuilder();
        segments.forEach(s -> key.append(isParameter(s) ? '1' : '0'));
        return key.toString();
    }

    /** The path as OpenAPI writes it, from {@code /api/v1}. */
    String path() {
        return "/" + String.join("/", segments);
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{");
    }
}
