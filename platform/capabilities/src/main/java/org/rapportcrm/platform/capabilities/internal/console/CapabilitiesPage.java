package org.rapportcrm.platform.capabilities.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/**
 * The Administration &gt; Capabilities page of the web console. Its module is in this bundle's
 * {@code capabilities/console} folder, which the console serves at {@code /app/ext/capabilities/}.
 */
@Component(service = {ConsoleContribution.class, ConsoleModuleFolder.class})
public class CapabilitiesPage implements ConsoleContribution, ConsoleModuleFolder {
    @Override
    public String id() {
        return "capabilities";
    }

    @Override
    public Placement placement() {
        return Placement.NAVIGATION;
    }

    @Override
    public String label() {
        return "Capabilities";
    }

    @Override
    public String tagName() {
        return "rp-capabilities-page-v1";
    }

    @Override
    public String moduleUrl() {
        return url("capabilities-page.js");
    }

    @Override
    public int order() {
        return 900; // administration comes after the CRM pages
    }

    @Override
    public String name() {
        return "capabilities";
    }

    @Override
    public String folder() {
        return "capabilities/console";
    }
}
