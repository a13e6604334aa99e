package org.rapportcrm.platform.api.file;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI of a virus scanner. While one is registered, every upload is streamed through it as it arrives and refused if
 * found infected; if the scanner cannot give a verdict the upload is refused too (the REST API answers 503), never
 * kept unscanned.
 */
@ConsumerType
public interface FileScanner {

    /** Starts scanning one file. */
    Scan begin(String fileName) throws IOException;

    /** The scan of one file: its bytes in order, then the verdict. */
    interface Scan extends AutoCloseable {

        void write(byte[] bytes, int offset, int length) throws IOException;

        /** After the last byte: the name of the threat found, or null if the file is clean. */
        String verdict() throws IOException;

        /** Ends the scan, also when it is abandoned half way. */
        @Override
        void close();
    }
}
