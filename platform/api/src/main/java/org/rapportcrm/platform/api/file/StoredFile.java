package org.rapportcrm.platform.api.file;

import java.time.Instant;
import java.util.Objects;

/**
 * A file kept with a record.
 *
 * @param name the name it was uploaded with, without any path or control characters
 * @param mediaType detected from the content, never the one the client claimed
 * @param sha256 of the content, lower-case hex; files with the same content share one copy of it
 * @param confidential only those who may edit the record may list and read it; its downloads are audited
 * @param text how far its text is searchable
 */
public record StoredFile(String id, String recordType, String recordId, String name, String mediaType, long size, String sha256,
        boolean confidential, Instant createdAt, String createdBy, TextState text) {

    /** Whether the global search finds the record by the words inside this file. */
    public enum TextState {
        /** Waiting for the background extraction. */
        PENDING,
        /** Its text is searchable. */
        EXTRACTED,
        /** No extractor reads this media type, or it holds no text. */
        NONE,
        /** The extraction failed (a damaged or encrypted document); the file is kept. */
        FAILED
    }

    public StoredFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(text, "text");
    }

    /** Media types a browser may show inline: they run no script (images other than SVG, PDF, plain text). */
    private static final java.util.Set<String> PREVIEWABLE = java.util.Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "application/pdf", "text/plain");

    /**
     * Whether a browser may show it inline, as a preview; anything else, HTML and SVG above all, is only ever served as
     * an attachment.
     */
    public boolean previewable() {
        return PREVIEWABLE.contains(mediaType);
    }

    /** The strong entity tag of its content. */
    public String etag() {
        return "\"" + sha256 + "\"";
    }
}
