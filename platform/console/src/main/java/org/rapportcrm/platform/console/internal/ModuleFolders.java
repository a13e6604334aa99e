package org.rapportcrm.platform.console.internal;

import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capabilities' module folders the console serves at {@code /app/ext/<name>/...}, by name. Each folder has a
 * catalog of its own, so its cached files go when its bundle goes. The first folder registered under a name keeps it.
 */
final class ModuleFolders {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleFolders.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private record Served(ConsoleModuleFolder folder, String root, ResourceCatalog files) {
    }

    private final Map<String, Served> byName = new ConcurrentHashMap<>();

    /**
     * Serves {@code folder}, reading its files with {@code entries} (a bundle's {@code getEntry}).
     *
     * @return false, and an error in the log, if the name or folder is malformed or the name is taken
     */
    boolean add(ConsoleModuleFolder folder, Function<String, URL> entries) {
        String name = folder.name();
        String path = folder.folder();
        if (name == null || !NAME.matcher(name).matches() || !ResourceCatalog.isSafe(path)) {
            LOG.error("Console module folder {} of {} is not served: the name must be lower-case letters, digits and dashes, "
                    + "the folder a relative path without a trailing slash", name, folder);
            return false;
        }
        Served before = byName.putIfAbsent(name, new Served(folder, path + "/", new ResourceCatalog(entries)));
        if (before != null) {
            LOG.error("Two console module folders claim {}{}: {} and {}; keeping the first", ConsoleModuleFolder.URL_PREFIX, name,
                    before.folder(), folder);
            return false;
        }
        return true;
    }

    void remove(ConsoleModuleFolder folder) {
        byName.values().removeIf(served -> served.folder() == folder);
    }

    /** A file by its path under {@code /app/ext/}, such as {@code sales/pipeline-board.js}. */
    Optional<StaticResource> find(String path) {
        int slash = path.indexOf('/');
        Served served = slash > 0 ? byName.get(path.substring(0, slash)) : null;
        return served == null ? Optional.empty() : served.files().find(served.root(), path.substring(slash + 1));
    }
}
