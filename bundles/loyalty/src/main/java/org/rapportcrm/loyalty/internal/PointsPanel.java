package org.rapportcrm.loyalty.internal;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/**
 * The points panel on every contact's page. Its module is in this bundle's {@code loyalty/console} folder, which the
 * console serves at {@code /app/ext/loyalty/}.
 */
@Component(service = {ConsoleContribution.class, ConsoleModuleFolder.class})
public class PointsPanel implements ConsoleContribution, ConsoleModuleFolder {
    @Override
    public String id() {
        return "loyalty-points";
    }

    @Override
    public Placement placement() {
        return Placement.RECORD_PANEL;
    }

    @Override
    public String label() {
        return "Loyalty points";
    }

    @Override
    public String tagName() {
        return "rp-loyalty-points-v1";
    }

    @Override
    public String moduleUrl() {
        return url("points-panel.js");
    }

    @Override
    public String name() {
        return "loyalty";
    }

    @Override
    public String folder() {
        return "loyalty/console";
    }

    @Override
    public String recordType() {
        return "contact";
    }
}
