package org.rapportcrm.platform.capabilities.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapportcrm.platform.capabilities.internal.Capability;
import org.rapportcrm.platform.capabilities.internal.CapabilityException;
import org.rapportcrm.platform.capabilities.internal.CapabilityManager;

@Command(scope = "rapport", name = "capability-install",
        description = "Installs a capability, or upgrades it to the newest version the feature repositories offer")
@Service
public class CapabilityInstallCommand implements Action {
    @Reference
    CapabilityManager capabilities;

    @Argument(index = 0, name = "name", required = true, description = "Capability name, for example rapport-sales")
    @Completion(CapabilityNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        try {
            CapabilityManager.InstallResult result = capabilities.install(name);
            Capability c = result.capability();
            switch (result.outcome()) {
                case INSTALLED -> System.out.println("Installed " + c.name() + " " + c.version() + ": " + c.state());
                case UPGRADED -> System.out.println("Upgraded " + c.name() + " from " + result.previousVersion() + " to " + c.version() + ": " + c.state());
                case ALREADY_INSTALLED -> System.out.println(c.name() + " " + c.version() + " is already installed (" + c.state() + ")");
            }
        } catch (CapabilityException e) {
            System.err.println("Error: " + e.getMessage());
        }
        return null;
    }
}
