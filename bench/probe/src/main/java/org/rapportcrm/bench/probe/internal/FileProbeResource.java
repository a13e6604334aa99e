package org.rapportcrm.bench.probe.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code /api/v1/bench-files}: what the file scenario measures inside the server. {@code POST blob-copy} is Derby's own
 * bound for a large file ({@link BlobCopy}); {@code POST rows} adds many file rows without bytes ({@link FileRowFill});
 * {@code POST heap/start} and {@code POST heap/stop} frame a transfer with the heap's figures ({@link HeapWatch}).
 */
@Component
public class FileProbeResource implements RestResource {
    private final BlobCopy blobCopy;
    private final FileRowFill rowFill;
    private final HeapWatch heap = new HeapWatch();

    @Activate
    public FileProbeResource(@Reference(target = "(osgi.jndi.service.name=rapportds)") DataSource dataSource) {
        this.blobCopy = new BlobCopy(dataSource);
        this.rowFill = new FileRowFill(dataSource);
        heap.open();
    }

    @Deactivate
    void deactivate() {
        heap.close();
    }

    @Override
    public String path() {
        return "bench-files";
    }

    @Override
    public List<RestRoute> routes() {
        JsonSchema path = JsonSchema.string().minLength(1).maxLength(1000);
        return List.of(
                RestRoute.post("blob-copy").summary("Streams a file into one BLOB and back out into another file")
                        .queryParameter("source", path, true, "absolute path of the file to store")
                        .queryParameter("target", path, true, "absolute path to read it back into")
                        .response(200, "bytes, writeSeconds, readSeconds", JsonSchema.anyObject())
                        .handler(ex -> {
                            Path source = Path.of(ex.query("source"));
                            if (!source.isAbsolute() || !Files.isRegularFile(source)) {
                                throw RestException.badRequest("source", "source: the absolute path of a file");
                            }
                            try {
                                ex.send(200, blobCopy.run(source, Path.of(ex.query("target"))));
                            } catch (SQLException e) {
                                throw new IOException(e);
                            }
                        }),
                RestRoute.post("rows").summary("Adds file rows pointing at a template contact's contents to other contacts")
                        .queryParameter("template", JsonSchema.string().maxLength(36), true, "the contact whose files are copied")
                        .queryParameter("files", JsonSchema.integer().minimum(1).maximum(100_000_000), true, "how many rows")
                        .queryParameter("perRecord", JsonSchema.integer().minimum(1).maximum(1000), true, "files per contact")
                        .response(200, "rows, contacts, seconds, rowsPerSecond, sampleRecordIds", JsonSchema.anyObject())
                        .handler(ex -> {
                            try {
                                ex.send(200, rowFill.run(ex.query("template"), Long.parseLong(ex.query("files")),
                                        Integer.parseInt(ex.query("perRecord"))));
                            } catch (IllegalArgumentException e) {
                                throw RestException.badRequest("files", e.getMessage());
                            } catch (SQLException e) {
                                throw new IOException(e);
                            }
                        }),
                RestRoute.post("heap/start").summary("A full collection, then watches the collections")
                        .response(200, "the live heap", JsonSchema.anyObject())
                        .handler(ex -> ex.send(200, heap.start())),
                RestRoute.post("heap/stop").summary("Stops watching, then a full collection")
                        .response(200, "the heap's figures while watched and the live heap after", JsonSchema.anyObject())
                        .handler(ex -> ex.send(200, heap.stop())));
    }
}
