package org.rapportcrm.platform.api.transfer;

import java.io.IOException;
import java.io.InputStream;
import org.osgi.annotation.versioning.ConsumerType;
import org.rapportcrm.platform.api.metadata.RecordType;

/**
 * Whiteboard SPI: a file format records can be imported from. The platform brings CSV ({@code text/csv}, a header row
 * of field api names) and NDJSON ({@code application/x-ndjson}, one JSON object per line); an extension may add more,
 * for example vCard for contacts.
 *
 * <pre>
 * &#64;Component
 * public class VCardFormat implements RecordFormat {
 *     public String mediaType() { return "text/vcard"; }
 *     public RowReader open(InputStream in, RecordType type) { return new VCardReader(in); }
 * }
 * </pre>
 */
@ConsumerType
public interface RecordFormat {
    /** The media type this format reads, without parameters. */
    String mediaType();

    /** Starts reading rows of {@code type} from {@code in}; the reader closes {@code in}. */
    RowReader open(InputStream in, RecordType type) throws IOException;
}
