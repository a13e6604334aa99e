package org.rapportcrm.platform.api.file;

import java.io.IOException;
import java.io.InputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI of the place that keeps the files' bytes. By default they are in the database (every node sees them, backups
 * hold them). When the database should not hold them, register one that writes to an S3-compatible object store with
 * a higher {@code service.ranking}: the platform keeps names, owners, hashes and text in the database and the bytes
 * there. Content is written once and never changed; keys are the store's own.
 */
@ConsumerType
public interface FileContentStore {

    /** A name for the store, kept with each file, so files stored before a switch are still read from where they are. */
    String name();

    /** Reads {@code content} to its end and keeps it; returns its key. */
    String put(InputStream content) throws IOException;

    /** {@code length} bytes from {@code offset} of the content under {@code key}. */
    InputStream read(String key, long offset, long length) throws IOException;

    /** Drops the content; nothing happens if it is already gone. */
    void delete(String key) throws IOException;
}
