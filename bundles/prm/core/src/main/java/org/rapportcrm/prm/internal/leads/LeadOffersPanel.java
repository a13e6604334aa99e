package org.rapportcrm.prm.internal.leads;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The channel manager's view of a lead's distribution, on the lead's page: the offers made, their status, deadline
 * and reasons, with the buttons to distribute the lead and to re-route an offer. All offers are listed by the
 * console's generic page of lead offers. The module is in PRM's console folder ({@code prm/console/}).
 */
@Component(service = ConsoleContribution.class)
public class LeadOffersPanel extends ModuleContribution {
    public LeadOffersPanel() {
        super("prm-lead-offers", Placement.RECORD_PANEL, "Partner offers", "rp-prm-lead-offers-v1", module("prm-console", "lead-offers-panel.js"),
                "lead", 20);
    }
}
