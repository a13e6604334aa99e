package org.rapportcrm.platform.api.console;

/**
 * A {@link ConsoleModuleFolder} given by its name and folder, so a bundle's component is one constructor:
 *
 * <pre>
 * &#64;Component(service = ConsoleModuleFolder.class)
 * public class LoyaltyConsole extends ModuleFolder {
 *     public LoyaltyConsole() {
 *         super("loyalty", "loyalty/console");
 *     }
 * }
 * </pre>
 */
public abstract class ModuleFolder implements ConsoleModuleFolder {
    private final String name;
    private final String folder;

    protected ModuleFolder(String name, String folder) {
        this.name = name;
        this.folder = folder;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String folder() {
        return folder;
    }
}
