package org.rapportcrm.platform.api.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** Reads one row at a time, so inputs of any size need little memory. */
@ConsumerType
public interface RowReader extends Closeable {
    /**
     * @return the next row as field api name to value (text, or JSON values for JSON-based formats), or null at the end
     * @throws MalformedRowException for a row that cannot be read; the next call goes on with the following row
     */
    Map<String, Object> next() throws IOException;
}
