package org.rapportcrm.platform.api.search;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI of the full-text index the global search ({@link org.rapportcrm.platform.api.record.RecordService#search})
 * asks for candidates. The platform still reads the candidates from the database with the caller's access rules, so
 * an index that lags behind, or still holds a deleted record, can never show anybody a record they may not read or
 * that no longer exists; it can only miss one for a moment. Without an index, or for a type it does not yet
 * {@linkplain #covers cover}, the platform searches the database itself (slower: prefix matches on each searchable
 * column).
 */
@ConsumerType
public interface SearchIndex {

    /** Whether the index holds every record of {@code type} now; false while it is being built or caught up. */
    boolean covers(String type);

    /**
     * Ids of the records of {@code type} whose searchable fields contain a word starting with each word of
     * {@code text}, case- and accent-insensitively, best match first; the first {@code offset} are skipped.
     */
    List<String> find(String type, String text, int offset, int limit);

    /**
     * Ids of the records of {@code type} whose words (searchable fields and {@link RecordTexts}) hold any of the words
     * of {@code text}, best match first as the index ranks them (more of the words, and rarer ones, rank higher): the
     * records that are like a text, such as the knowledge articles that may answer a case. An index that cannot rank
     * this way finds none.
     *
     * @since 1.1
     */
    default List<String> findSimilar(String type, String text, int limit) {
        return List.of();
    }
}
