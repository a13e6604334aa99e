package org.rapportcrm.platform.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the console's files in a bundle: the shell's own files under {@code console/} and the embedded WebJars
 * under {@code META-INF/resources/webjars/}, or a capability's module folder. Contents never change while the bundle
 * is resolved, so each file found is read, hashed and gzipped once and kept. Only files found are kept: the bundle's
 * contents bound the memory, whatever paths clients ask for.
 */
final class ResourceCatalog {
    static final String SHELL_ROOT = "console/";
    static final String WEBJARS_ROOT = "META-INF/resources/webjars/";
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    private final Function<String, URL> lookup;
    private final Map<String, StaticResource> cache = new ConcurrentHashMap<>();

    ResourceCatalog(ClassLoader loader) {
        this(loader::getResource);
    }

    /** {@code lookup} finds an entry by its full name (root and path), or answers null. */
    ResourceCatalog(Function<String, URL> lookup) {
        this.lookup = lookup;
    }

    /** A file of the shell: {@code path} relative to the site root, without a leading slash. */
    Optional<StaticResource> shell(String path) {
        return find(SHELL_ROOT, path);
    }

    /** A WebJar file: {@code path} is {@code <artifactId>/<version>/...}. */
    Optional<StaticResource> webjar(String path) {
        return find(WEBJARS_ROOT, path);
    }

    /** The CSP source expression allowing the inline import map of {@code index.html}. */
    String importMapHash(StaticResource index) {
        Matcher m = IMPORT_MAP.matcher(index.text());
        if (!m.find()) {
            return null;
        }
        return "'sha256-" + StaticResource.sha256Base64(m.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "'";
    }

    /** A file under {@code root} (which ends with a slash); {@code path} is relative to it. */
    Optional<StaticResource> find(String root, String path) {
        if (!isSafe(path)) {
            return Optional.empty();
        }
        String name = root + path;
        StaticResource res = cache.get(name);
        if (res == null) {
            res = load(name);
            if (res != null) {
                StaticResource first = cache.putIfAbsent(name, res);
                res = first == null ? res : first;
            }
        }
        return Optional.ofNullable(res);
    }

    /** How many files are kept. */
    int size() {
        return cache.size();
    }

    static boolean isSafe(String path) {
        if (path == null || path.isEmpty() || path.endsWith("/") || path.startsWith("/") || path.contains("\\")
                || path.contains("//")) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private StaticResource load(String name) {
        URL url = lookup.apply(name);
        if (url == null) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            return new StaticResource(StaticResource.contentTypeOf(name), in.readAllBytes());
        } catch (IOException e) {
            // a directory entry or an unreadable file: treat as absent
            return null;
        }
    }
}
