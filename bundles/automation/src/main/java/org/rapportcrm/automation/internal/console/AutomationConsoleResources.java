package org.rapportcrm.automation.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;

/**
 * The automation console's ES modules, from {@code automation/console/} in this bundle, served by the console at
 * {@code /app/ext/automation/}: one folder for every page of this bundle.
 */
@Component(service = ConsoleModuleFolder.class)
public class AutomationConsoleResources extends ModuleFolder {
    static final String NAME = "automation";

    public AutomationConsoleResources() {
        super(NAME, "automation/console");
    }
}
