package org.rapportcrm.platform.api.file;

import java.io.IOException;
import java.io.InputStream;

/** The bytes of a stored file, read on demand: a download streams them without holding them in memory. */
public interface FileContent {

    StoredFile file();

    /**
     * A stream of {@code length} bytes from {@code offset} (a {@code Range} request); the caller closes it.
     *
     * @throws IndexOutOfBoundsException if the range is not within the file
     */
    InputStream read(long offset, long length) throws IOException;

    default InputStream read() throws IOException {
        return read(0, file().size());
    }
}
