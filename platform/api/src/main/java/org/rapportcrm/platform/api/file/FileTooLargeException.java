package org.rapportcrm.platform.api.file;

import org.rapportcrm.platform.api.record.RecordException;

/** A file over the configured size cap; nothing of it was kept (the REST API answers 413). */
public class FileTooLargeException extends RecordException {
    private static final long serialVersionUID = 1L;
    private final long maxSize;

    public FileTooLargeException(long maxSize) {
        super("The file is larger than the " + (maxSize % (1024 * 1024) == 0 ? maxSize / (1024 * 1024) + " MB" : maxSize + " bytes")
                + " accepted");
        this.maxSize = maxSize;
    }

    public long getMaxSize() {
        return maxSize;
    }
}
