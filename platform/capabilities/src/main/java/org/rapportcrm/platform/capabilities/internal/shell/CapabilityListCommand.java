package org.rapportcrm.platform.capabilities.internal.shell;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapportcrm.platform.capabilities.internal.Capability;
import org.rapportcrm.platform.capabilities.internal.CapabilityManager;

@Command(scope = "rapport", name = "capability-list", description = "Lists the capabilities with their state, bundles and contributions")
@Service
public class CapabilityListCommand implements Action {
    @Reference
    CapabilityManager capabilities;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Capability");
        table.column("Version");
        table.column("State");
        table.column("Bundles");
        table.column("Contributes");
        for (Capability c : capabilities.list()) {
            String version = c.upgradable() ? c.version() + " (" + c.latestVersion() + " available)" : c.version();
            table.addRow().addContent(c.name(), version, c.state(), bundles(c), contributes(c));
        }
        table.print(System.out);
        return null;
    }

    private static String bundles(Capability c) {
        return String.join(", ", c.bundles().stream().map(b -> b.symbolicName() + " " + b.state()).toList());
    }

    private static String contributes(Capability c) {
        List<String> parts = new ArrayList<>();
        c.contributes().recordTypes().forEach(t -> parts.add("type " + t));
        c.contributes().restResources().forEach(r -> parts.add("rest " + r));
        c.contributes().consoleContributions().forEach(p -> parts.add("console " + p));
        return String.join(", ", parts);
    }
}
