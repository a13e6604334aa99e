package org.rapportcrm.platform.capabilities.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** The Administration &gt; Capabilities page of the web console; its module is served by {@link CapabilitiesModuleServlet}. */
@Component(service = ConsoleContribution.class)
public class CapabilitiesPage implements ConsoleContribution {
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
        return CapabilitiesModuleServlet.MODULE_URL;
    }

    @Override
    public int order() {
        return 900; // administration comes after the CRM pages
    }
}
