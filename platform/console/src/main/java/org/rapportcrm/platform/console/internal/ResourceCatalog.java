package org.rapportcrm.platform.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the console's files in the bundle: the shell's own files under {@code console/} and the embedded WebJars
 * under {@code META-INF/resources/webjars/}. Contents never change while the bundle is resolved, so each file is read,
 * hashed and gzipped once and kept.
 */
final class ResourceCatalog {
    static final String SHELL_ROOT = "console/";
    static final String WEBJARS_ROOT = "META-INF/resources/webjars/";
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
    private static final StaticResource MISSING = new StaticResource("application/octet-stream", new byte[0]);

    private final ClassLoader loader;
    private final Map<String, StaticResource> cache = new ConcurrentHashMap<>();

    ResourceCatalog(ClassLoader loader) {
        this.loader = loader;
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

    private Optional<StaticResource> find(String root, String path) {
        if (!isSafe(path)) {
            return Optional.empty();
        }
        String name = root + path;
        StaticResource res = cache.computeIfAbsent(name, this::load);
        return res == MISSING ? Optional.empty() : Optional.of(res);
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
        URL url = loader.getResource(name);
        if (url == null) {
            return MISSING;
        }
        try (InputStream in = url.openStream()) {
            return new StaticResource(StaticResource.contentTypeOf(name), in.readAllBytes());
        } catch (IOException e) {
            // a directory entry or an unreadable file: treat as absent
            return MISSING;
        }
    }
}
