package org.rapportcrm.platform.api.file;

import org.rapportcrm.platform.api.record.RecordException;

/**
 * A file the platform will not keep: a media type an administrator refused, or content the virus scanner found
 * infected. Nothing of it was kept (the REST API answers 422 naming the file).
 */
public class FileRefusedException extends RecordException {
    private static final long serialVersionUID = 1L;

    public FileRefusedException(String message) {
        super(message);
    }
}
