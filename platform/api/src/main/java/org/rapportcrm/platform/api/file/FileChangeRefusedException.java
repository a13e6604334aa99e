package org.rapportcrm.platform.api.file;

import org.rapportcrm.platform.api.record.RecordException;

/**
 * A {@link FileChangeGuard} refused to let the files of a record change in the state the record is in (an approved
 * claim's proof): nothing was changed (the REST API answers 409 with the reason).
 *
 * @since 1.1
 */
public class FileChangeRefusedException extends RecordException {
    private static final long serialVersionUID = 1L;

    public FileChangeRefusedException(String message) {
        super(message);
    }
}
