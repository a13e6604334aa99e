package org.rapportcrm.platform.api.console;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: a bundle registers one of these to add a page, a record panel or a dashboard widget to the web
 * console. The piece itself is a standard web component (a custom element) in an ES module that the bundle has the
 * console serve with a {@link ConsoleModuleFolder}. The console shell imports the module and creates the element; it
 * shares one Lit and one Shoelace through its import map (bare imports {@code lit} and {@code @shoelace-style/shoelace}),
 * and modules use the console SDK ({@code /app/sdk/v1.js}: API client, formatting, field inputs, toasts, dialogs).
 * The element receives the properties {@code api} (the SDK's API client) and, for record panels, {@code recordType}
 * and {@code recordId}. The console lists contributions at {@code GET /api/v1/console/contributions}; navigation
 * pages appear under the capability their bundle names in its {@code Rapport-Capability} manifest header.
 *
 * <pre>
 * &#64;Component
 * public class PointsPanel implements ConsoleContribution {
 *     public String id() { return "loyalty-points"; }
 *     public Placement placement() { return Placement.RECORD_PANEL; }
 *     public String label() { return "Loyalty points"; }
 *     public String tagName() { return "loyalty-points-panel-v1"; }
 *     public String moduleUrl() { return "/app/ext/loyalty/points-panel.js"; }
 *     public String recordType() { return "contact"; }
 * }
 * </pre>
 */
@ConsumerType
public interface ConsoleContribution {
    enum Placement {
        /** An entry in the navigation that opens a page. */
        NAVIGATION,
        /** A panel on the record page of {@link #recordType()}. */
        RECORD_PANEL,
        /** A widget on the home dashboard. */
        DASHBOARD_WIDGET,
        /**
         * A small item in the console's header, next to the user menu, on every page (a notification bell); its
         * element gets {@code api}. @since 1.2
         */
        HEADER_ITEM
    }

    /** The {@link #recordType()} of a record panel shown on the page of every record type. @since 1.2 */
    String EVERY_TYPE = "*";

    /** Unique and stable: also the page's route ({@code #/page/<id>}) for navigation entries. */
    String id();

    Placement placement();

    String label();

    /** The custom element's tag name; version it (for example {@code my-panel-v2}) when the module changes incompatibly. */
    String tagName();

    /** Absolute path of the ES module that defines the element. */
    String moduleUrl();

    /** For record panels: the record type whose page shows the panel, or {@link #EVERY_TYPE}; null otherwise. */
    default String recordType() {
        return null;
    }

    /** Lower comes first. */
    default int order() {
        return 100;
    }
}
