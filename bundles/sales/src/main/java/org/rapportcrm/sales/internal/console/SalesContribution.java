package org.rapportcrm.sales.internal.console;

import org.rapportcrm.platform.api.console.ConsoleContribution;

/** A sales page, panel or widget: its module lives in this bundle's {@code sales/console/} folder. */
abstract class SalesContribution implements ConsoleContribution {
    private final String id;
    private final Placement placement;
    private final String label;
    private final String tagName;
    private final String module;
    private final String recordType;
    private final int order;

    SalesContribution(String id, Placement placement, String label, String tagName, String module, String recordType, int order) {
        this.id = id;
        this.placement = placement;
        this.label = label;
        this.tagName = tagName;
        this.module = module;
        this.recordType = recordType;
        this.order = order;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Placement placement() {
        return placement;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String tagName() {
        return tagName;
    }

    @Override
    public String moduleUrl() {
        return SalesConsoleResources.module(module);
    }

    @Override
    public String recordType() {
        return recordType;
    }

    @Override
    public int order() {
        return order;
    }
}
