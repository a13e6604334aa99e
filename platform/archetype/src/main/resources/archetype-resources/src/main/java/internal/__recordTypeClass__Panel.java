package ${package}.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/**
 * A panel on every contact's page showing the contact's ${recordType}s. The panel is a web component in an ES module
 * that this bundle serves itself (from {@code src/main/resources/${recordType}/console}); the console shell imports it
 * and hands it {@code api}, {@code recordType} and {@code recordId}.
 */
@Component
@HttpWhiteboardResource(pattern = "/${recordType}/console/*", prefix = "/${recordType}/console")
public class ${recordTypeClass}Panel implements ConsoleContribution {
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
        return "/${recordType}/console/${recordType}-panel.js";
    }

    @Override
    public String recordType() {
        return "contact";
    }
}
