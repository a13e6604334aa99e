package org.rapportcrm.platform.api.search;

import java.util.Collection;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: more words a record is found by than its searchable fields, such as the text inside its files. The
 * search index adds them to the record's entry whenever it indexes the record.
 */
@ConsumerType
public interface RecordTexts {

    /** The extra text of those of {@code ids} (records of {@code type}) that have any. */
    Map<String, String> texts(String type, Collection<String> ids);
}
