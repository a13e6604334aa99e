package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;

/**
 * The sales console's ES modules (and the SortableJS module they import), from {@code sales/console/} in this bundle,
 * served by the console at {@code /app/ext/sales/}. One folder for all sales contributions, so each contribution is
 * only its description.
 */
@Component(service = ConsoleModuleFolder.class)
public class SalesConsoleResources extends ModuleFolder {
    private static final String NAME = "sales";

    public SalesConsoleResources() {
        super(NAME, "sales/console");
    }

    /** The URL of a module of this bundle's console folder. */
    static String module(String fileName) {
        return URL_PREFIX + NAME + "/" + fileName;
    }
}
