package org.rapportcrm.loyalty.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** The points panel on every contact's page; its module is served from this bundle. */
@Component
@HttpWhiteboardResource(pattern = "/loyalty/console/*", prefix = "/loyalty/console")
public class PointsPanel implements ConsoleContribution {
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
        return "/loyalty/console/points-panel.js";
    }

    @Override
    public String recordType() {
        return "contact";
    }
}
