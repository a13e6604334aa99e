package org.rapportcrm.platform.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;

@Command(scope = "rapport", name = "types", description = "Lists the record types with their REST path and number of fields")
@Service
public class TypesCommand implements Action {
    @Reference
    MetadataService metadata;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Label");
        table.column("REST path");
        table.column("Fields");
        table.column("Custom");
        for (RecordType t : metadata.types()) {
            table.addRow().addContent(t.getApiName(), t.getLabel(), "/api/v1/" + t.getPluralApiName(), t.getFields().size(),
                    t.getFields().stream().filter(f -> f.isCustom()).count());
        }
        table.print(System.out);
        return null;
    }
}
