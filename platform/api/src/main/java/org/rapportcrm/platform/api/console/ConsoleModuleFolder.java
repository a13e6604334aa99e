package org.rapportcrm.platform.api.console;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: a bundle registers one of these to have the console serve a folder of the bundle, its console
 * modules and whatever they load (their own modules, CSS, images, vendored libraries), at
 * {@code /app/ext/<name>/...}. The console serves them as it serves its own files: the JavaScript content type,
 * strong ETags with revalidation (so an upgraded bundle's modules are picked up), gzip, and nothing cached for
 * paths that do not exist. The folder is served while the service is registered, and not a moment longer.
 *
 * <pre>
 * &#64;Component(service = ConsoleModuleFolder.class)
 * public class LoyaltyConsole extends ModuleFolder {
 *     public LoyaltyConsole() {
 *         super("loyalty", "loyalty/console");
 *     }
 * }
 * </pre>
 *
 * A {@link ConsoleContribution} then names its module by {@link #url(String)}, for example
 * {@code /app/ext/loyalty/points-panel.js}. Modules import the console SDK ({@code /app/sdk/v1.js}), the bare
 * {@code lit} and {@code @shoelace-style/shoelace} names, and their own files by relative URL; never the shell's
 * internal files.
 */
@ConsumerType
public interface ConsoleModuleFolder {
    /** Where every folder is served: {@code /app/ext/<name>/}. */
    String URL_PREFIX = "/app/ext/";

    /** The folder's segment of the URL: lower-case letters, digits and dashes, unique among the installed bundles. */
    String name();

    /** The folder inside the registering bundle, such as {@code loyalty/console} (no leading or trailing slash). */
    String folder();

    /** The URL of a file of this folder, such as {@code /app/ext/loyalty/points-panel.js}. */
    default String url(String file) {
        return URL_PREFIX + name() + "/" + file;
    }
}
