package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * Serves the sales console's ES modules (and the SortableJS module they import) from {@code sales/console/} in this
 * bundle at {@code /sales/console/*}. One registration for all sales contributions, so each contribution is only its
 * description.
 */
@Component(service = SalesConsoleResources.class)
@HttpWhiteboardResource(pattern = SalesConsoleResources.PATTERN, prefix = SalesConsoleResources.ROOT)
public class SalesConsoleResources {
    static final String ROOT = "/sales/console";
    static final String PATTERN = ROOT + "/*";

    /** The URL of a module of this bundle's console folder. */
    static String module(String fileName) {
        return ROOT + "/" + fileName;
    }
}
