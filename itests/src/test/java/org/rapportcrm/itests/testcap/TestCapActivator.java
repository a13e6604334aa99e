package org.rapportcrm.itests.testcap;

import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.rest.RestResource;

/**
 * The test-only capability's bundle (packed into a jar by {@link TestCapability}, not loaded from the probe): registers
 * one of each contribution so the listing and install/uninstall can be seen from outside. A plain activator, so the
 * bundle needs no DS descriptor.
 */
public class TestCapActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        String version = context.getBundle().getVersion().toString();
        context.registerService(RestResource.class, new TestCapResource(version), null);
        context.registerService(ConsoleContribution.class, new TestCapPage(), null);
        context.registerService(RecordTypeProvider.class, new TestCapTypes(), null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the services
    }

    /** GET /api/v1/testcap answers the bundle's version. */
    public static final class TestCapResource implements RestResource {
        private final String version;

        TestCapResource(String version) {
            this.version = version;
        }

        @Override
        public String path() {
            return "testcap";
        }

        @Override
        public void handle(org.rapportcrm.platform.api.rest.RestExchange ex) throws java.io.IOException {
            ex.send(200, Map.of("version", version));
        }
    }

    public static final class TestCapPage implements ConsoleContribution {
        @Override
        public String id() {
            return "testcap";
        }

        @Override
        public Placement placement() {
            return Placement.NAVIGATION;
        }

        @Override
        public String label() {
            return "Test capability";
        }

        @Override
        public String tagName() {
            return "rp-testcap-v1";
        }

        @Override
        public String moduleUrl() {
            return "/testcap/console/page.js";
        }
    }

    /** One record type, so uninstalling can be shown to keep its rows. */
    public static final class TestCapTypes implements RecordTypeProvider {
        @Override
        public List<RecordType> recordTypes() {
            return List.of(new RecordType("testNote", "testNotes", "Test note", "Test notes", "title",
                    List.of(FieldDefinition.builder("title", FieldType.TEXT).required(true).build())));
        }
    }
}
