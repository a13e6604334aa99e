package org.rapportcrm.platform.search.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;

/** A record as the index holds it: its id and type, the words of its searchable fields, and its name for ordering. */
final class RecordDocuments {
    static final String ID = "id";
    static final String TYPE = "type";
    static final String WORDS = "words";
    static final String PREFIXES = "prefixes";
    static final String NAME = "name";
    /** Changes whenever documents are built differently, so an index of an older build is rebuilt. */
    static final int FORMAT = 3;
    /**
     * Whole words with how often they occur and the field's length (BM25 of {@link LuceneIndex#findSimilar} and the
     * whole-word boost use them), without positions: no query asks for a phrase, and writing them for every word
     * was indexing work for nothing.
     */
    private static final FieldType WORD_FIELD = indexedText(IndexOptions.DOCS_AND_FREQS, false);
    /** Beginnings of words only say which records have them: a prefix matches or it does not. */
    private static final FieldType PREFIX_FIELD = indexedText(IndexOptions.DOCS, true);
    /** Enough of a name to order hits that score alike; a sort key, not the name. */
    private static final int NAME_KEY_LENGTH = 64;

    private RecordDocuments() {
    }

    /** The fields of {@code type} the search looks at; empty if it has none, and then it is not indexed. */
    static List<String> searchableFields(RecordType type) {
        return type.getFields().stream().filter(FieldDefinition::isSearchable).map(FieldDefinition::getApiName).sorted().toList();
    }

    /**
     * What the index of {@code type} was built from: when it differs from what the metadata says now (a field made
     * searchable, another document format), the type's documents are rebuilt.
     */
    static String signature(RecordType type) {
        return FORMAT + ":" + type.getNameField() + ":" + String.join(",", searchableFields(type));
    }

    static boolean isCurrentFormat(String signature) {
        return signature.startsWith(FORMAT + ":");
    }

    /** @param extraText more words the record is found by (the text of its files), or null */
    static Optional<Document> of(RecordType type, Record record, String extraText) {
        List<String> fields = searchableFields(type);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Document doc = new Document();
        doc.add(new StringField(ID, record.getId(), Field.Store.YES));
        doc.add(new StringField(TYPE, type.getApiName(), Field.Store.NO));
        for (String field : fields) {
            Object value = record.get(field);
            if (value != null) {
                doc.add(new Field(WORDS, value.toString(), WORD_FIELD));
                doc.add(new Field(PREFIXES, value.toString(), PREFIX_FIELD));
            }
        }
        if (extraText != null) {
            doc.add(new Field(WORDS, extraText, WORD_FIELD));
            doc.add(new Field(PREFIXES, extraText, PREFIX_FIELD));
        }
        doc.add(new SortedDocValuesField(NAME, new BytesRef(nameKey(record.get(type.getNameField())))));
        return Optional.of(doc);
    }

    private static FieldType indexedText(IndexOptions options, boolean omitNorms) {
        FieldType type = new FieldType();
        type.setTokenized(true);
        type.setIndexOptions(options);
        type.setOmitNorms(omitNorms);
        type.freeze();
        return type;
    }

    private static String nameKey(Object name) {
        String key = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return key.length() > NAME_KEY_LENGTH ? key.substring(0, NAME_KEY_LENGTH) : key;
    }
}
