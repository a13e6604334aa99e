package org.rapportcrm.platform.api.file;

import java.io.IOException;
import java.io.InputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI: reads the text of documents of some media types (PDF, office documents, plain text) so that the global search
 * finds a record by the words inside its files. Called in the background, never during an upload.
 */
@ConsumerType
public interface FileTextExtractor {

    boolean canExtract(String mediaType);

    /**
     * The document's text, at most {@code maxCharacters} of it.
     *
     * @throws IOException if the document cannot be read (damaged, encrypted)
     */
    String extract(InputStream content, String mediaType, int maxCharacters) throws IOException;
}
