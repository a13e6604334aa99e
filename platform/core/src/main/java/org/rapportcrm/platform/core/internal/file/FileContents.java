package org.rapportcrm.platform.core.internal.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.file.FileContentStore;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.extension.RankedExtensions;

/**
 * Where the files' bytes are kept: new content goes to the highest-ranked {@link FileContentStore} an extension
 * registered, or to the database; content is read from the store it was written to, found by the name kept with it.
 */
@Component(service = FileContents.class)
public class FileContents {
    private final DatabaseContentStore database;
    private final RankedExtensions<FileContentStore> others = new RankedExtensions<>();

    @Activate
    public FileContents(@Reference Database database) {
        this.database = new DatabaseContentStore(database);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(ComponentServiceObjects<FileContentStore> store) {
        others.add(store);
    }

    void unbindStore(ComponentServiceObjects<FileContentStore> store) {
        others.remove(store);
    }

    /** Where new content goes. */
    FileContentStore forWriting() {
        List<RankedExtensions.Extension<FileContentStore>> all = others.all();
        return all.isEmpty() ? database : all.get(0).service();
    }

    InputStream read(FileRows.Content content, long offset, long length) throws IOException {
        return store(content.store()).read(content.key(), offset, length);
    }

    void delete(String store, String key) throws IOException {
        store(store).delete(key);
    }

    private FileContentStore store(String name) {
        if (DatabaseContentStore.NAME.equals(name)) {
            return database;
        }
        return others.all().stream().map(RankedExtensions.Extension::service).filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new BusyException("The file store " + name + " is not available (its bundle is not started)", 60, null));
    }

    DatabaseContentStore database() {
        return database;
    }
}
