package ${package}.internal;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/**
 * A panel on every contact's page showing the contact's ${recordType}s. The panel is a web component in an ES module
 * in this bundle's {@code ${recordType}/console} folder ({@code src/main/resources/${recordType}/console}), which the
 * console serves at {@code /app/ext/${recordType.toLowerCase()}/}; the console shell imports it and hands it
 * {@code api}, {@code recordType} and {@code recordId}. A bundle with several contributions registers its folder once,
 * in a class of its own.
 */
@Component(service = {ConsoleContribution.class, ConsoleModuleFolder.class})
public class ${recordTypeClass}Panel implements ConsoleContribution, ConsoleModuleFolder {
    @Override
    public String id() {
        return "${recordType.toLowerCase()}-contact-panel";
    }

    @Override
    public Placement placement() {
        return Placement.RECORD_PANEL;
    }

    @Override
    public String label() {
        return "${recordTypeClass}s";
    }

    /** Versioned: bump it when the module changes incompatibly, since an open page keeps the old definition. */
    @Override
    public String tagName() {
        return "rp-${recordType.toLowerCase()}-panel-v1";
    }

    @Override
    public String moduleUrl() {
        return url("${recordType}-panel.js");
    }

    @Override
    public String recordType() {
        return "contact";
    }

    /** The URL segment of this bundle's console folder: {@code /app/ext/${recordType.toLowerCase()}/}. */
    @Override
    public String name() {
        return "${recordType.toLowerCase()}";
    }

    @Override
    public String folder() {
        return "${recordType}/console";
    }
}
