package org.rapportcrm.platform.api.console;

import java.util.Objects;

/**
 * A contribution described once, in its constructor, by the values the console asks for: what most pages, panels and
 * widgets need, without the same accessors written out for each.
 *
 * <pre>
 * &#64;Component(service = ConsoleContribution.class)
 * public class PointsPanel extends ModuleContribution {
 *     public PointsPanel() {
 *         super("loyalty-points", Placement.RECORD_PANEL, "Loyalty points", "loyalty-points-panel-v1",
 *                 ModuleContribution.module("loyalty", "points-panel.js"), "contact", 20);
 *     }
 * }
 * </pre>
 *
 * @since 1.3
 */
public abstract class ModuleContribution implements ConsoleContribution {
    private final String id;
    private final Placement placement;
    private final String label;
    private final String tagName;
    private final String moduleUrl;
    private final String recordType;
    private final int order;

    /** A page, widget or header item (no record type) in the default order. */
    protected ModuleContribution(String id, Placement placement, String label, String tagName, String moduleUrl) {
        this(id, placement, label, tagName, moduleUrl, null, 100);
    }

    /**
     * @param recordType for a record panel, the type whose pages show it (or {@link #EVERY_TYPE}); null otherwise
     * @param order lower comes first
     */
    protected ModuleContribution(String id, Placement placement, String label, String tagName, String moduleUrl, String recordType, int order) {
        this.id = Objects.requireNonNull(id, "id");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.label = Objects.requireNonNull(label, "label");
        this.tagName = Objects.requireNonNull(tagName, "tagName");
        this.moduleUrl = Objects.requireNonNull(moduleUrl, "moduleUrl");
        this.recordType = recordType;
        this.order = order;
    }

    /** The URL of a module in the folder a {@link ConsoleModuleFolder} of this name serves: {@code /app/ext/<folder>/<file>}. */
    public static String module(String folderName, String file) {
        return ConsoleModuleFolder.URL_PREFIX + folderName + "/" + file;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Placement placement() {
        return placement;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final String tagName() {
        return tagName;
    }

    @Override
    public final String moduleUrl() {
        return moduleUrl;
    }

    @Override
    public final String recordType() {
        return recordType;
    }

    @Override
    public final int order() {
        return order;
    }
}
