package org.rapportcrm.sales.internal;

import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.sales.internal.pipeline.SalesStages;
import org.rapportcrm.sales.internal.pipeline.StageRules;

/**
 * The real platform core over in-memory Derby with the sales record types and the pipeline rules registered, as in
 * a running installation.
 */
public class SalesFixture {
    public final CoreFixture core = new CoreFixture();
    public final SalesStages stages = new SalesStages(core.records);

    public SalesFixture() {
        this(true);
    }

    private SalesFixture(boolean withStageRules) {
        core.metadata.addProvider(new SalesTypes());
        if (withStageRules) {
            StageRules stageRules = new StageRules(stages, core.records);
            core.records.addTrigger(stageRules, null);
            core.records.addValidator(stageRules, null);
        }
    }

    /** The sales types without the stage rules, for tests that set stage-derived values and history by hand. */
    public static SalesFixture typesOnly() {
        return new SalesFixture(false);
    }
}
