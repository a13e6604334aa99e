package org.rapportcrm.platform.core.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.rapportcrm.platform.api.health.HealthReport;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.core.internal.CoreFixture;

/**
 * Readiness after a restart: a load balancer sends traffic to the node as soon as it says ready, so it says so only
 * once every installed capability's components are registered and its record types are served.
 */
class ReadinessServiceTest {
    private final FakeFramework framework = new FakeFramework();
    private final ReadinessService readiness = new ReadinessService(framework, framework.context);
    private CoreFixture core;

    @AfterEach
    void close() {
        if (core != null) {
            core.close();
        }
    }

    @Test
    void aCapabilityBundleStartedBeforeScrReadItsComponentsKeepsTheNodeStarting() {
        framework.bundle(7, "org.rapportcrm.automation", Bundle.ACTIVE, true);

        assertStarting("the components of org.rapportcrm.automation are not read yet");
    }

    @Test
    void aComponentScrHasNotEnabledYetKeepsTheNodeStarting() {
        Bundle automation = framework.bundle(7, "org.rapportcrm.automation", Bundle.ACTIVE, true);
        framework.component(automation, "org.rapportcrm.automation.RuleTypes", true);
        framework.component(automation, "org.rapportcrm.automation.RuleParser", true);
        framework.enable("org.rapportcrm.automation.RuleTypes", ComponentConfigurationDTO.SATISFIED);

        assertStarting("org.rapportcrm.automation.RuleParser is not enabled");

        framework.enable("org.rapportcrm.automation.RuleParser", ComponentConfigurationDTO.ACTIVE);
        assertTrue(readiness.report().ready());
    }

    @Test
    void aComponentDisabledByDefaultIsNotWaitedFor() {
        Bundle automation = framework.bundle(7, "org.rapportcrm.automation", Bundle.ACTIVE, true);
        framework.component(automation, "org.rapportcrm.automation.RuleTypes", true);
        framework.component(automation, "org.rapportcrm.automation.Optional", false);
        framework.enable("org.rapportcrm.automation.RuleTypes", ComponentConfigurationDTO.SATISFIED);

        assertTrue(readiness.report().ready());
    }

    @Test
    void aRecordTypeProviderOnTheWhiteboardKeepsTheNodeStartingUntilItsTypesAreRegistered() {
        core = new CoreFixture();
        Bundle automation = framework.bundle(7, "org.rapportcrm.automation", Bundle.ACTIVE, false);
        long serviceId = framework.register(automation, RecordTypeProvider.class);
        readiness.addCheck(new RecordTypesHealth(core.metadata, framework.context));

        // Registered, its component satisfied, while the registry still creates its tables.
        assertStarting("registering the record types of org.rapportcrm.automation");

        core.metadata.bindProvider(new RuleTypes(), Map.of("service.id", serviceId));
        assertTrue(readiness.report().ready(), () -> readiness.report().problems().toString());
        assertTrue(core.metadata.type("workflowRuleRun").isPresent());
    }

    private void assertStarting(String reason) {
        HealthReport report = readiness.report();
        assertEquals("STARTING", report.status());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(reason)), () -> report.problems().toString());
    }

    private static final class RuleTypes implements RecordTypeProvider {
        @Override
        public List<RecordType> recordTypes() {
            return List.of(new RecordType("workflowRuleRun", "workflowRuleRuns", "Rule run", "Rule runs", "status",
                    List.of(FieldDefinition.builder("status", FieldType.TEXT).build())));
        }
    }
}
