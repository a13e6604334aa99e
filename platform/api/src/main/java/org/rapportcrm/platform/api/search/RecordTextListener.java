package org.rapportcrm.platform.api.search;

import java.util.Collection;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told that the {@link RecordTexts} of some records changed (a file's text was extracted, a file was deleted), on the
 * node where it happened and on every other, so that an index reads those records again.
 */
@ConsumerType
public interface RecordTextListener {

    void textsChanged(String type, Collection<String> ids);
}
