package org.rapportcrm.prm.internal.mdf;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The channel manager's console page for partner funds and performance: MDF requests and claims to decide, balances,
 * and every partner's scorecard. Its module is in the PRM console folder ({@code prm/console/mdf-page.js}).
 */
@Component(service = ConsoleContribution.class)
public class MdfConsole extends ModuleContribution {
    public MdfConsole() {
        super("prm-mdf", Placement.NAVIGATION, "Partner funds", "rp-prm-mdf-v1", module("prm-console", "mdf-page.js"), null, 60);
    }
}
