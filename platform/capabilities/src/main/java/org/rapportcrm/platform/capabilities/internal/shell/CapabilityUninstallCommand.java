package org.rapportcrm.platform.capabilities.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapportcrm.platform.capabilities.internal.CapabilityException;
import org.rapportcrm.platform.capabilities.internal.CapabilityManager;

@Command(scope = "rapport", name = "capability-uninstall", description = "Uninstalls a capability; its data and settings are kept")
@Service
public class CapabilityUninstallCommand implements Action {
    @Reference
    CapabilityManager capabilities;

    @Argument(index = 0, name = "name", required = true, description = "Capability name, for example rapport-sales")
    @Completion(CapabilityNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        try {
            System.out.println(capabilities.uninstall(name)
                    ? "Uninstalled " + name + "; its data and settings are kept"
                    : name + " is not installed");
        } catch (CapabilityException e) {
            System.err.println("Error: " + e.getMessage());
        }
        return null;
    }
}
