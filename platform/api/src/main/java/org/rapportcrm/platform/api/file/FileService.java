package org.rapportcrm.platform.api.file;

import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Files kept with records. Permissions follow the record: whoever may read a record may list and download its files,
 * whoever may edit it may add and delete them; an external principal reaches only files of records shared with its
 * account. Anything else is answered as if the file or record did not exist
 * ({@link org.rapportcrm.platform.api.record.RecordNotFoundException}) or with
 * {@link org.rapportcrm.platform.api.security.AccessDeniedException} where the record is readable.
 * A confidential file is listed and read only by those who may also edit its record. Deleting a record deletes its
 * files; uninstalling the capability that owns a type keeps them.
 */
@ProviderType
public interface FileService {

    /**
     * Stores {@code content} (read to its end, never held in memory whole) with the record {@code type}/{@code recordId}.
     * The media type is detected from the content; the upload is scanned when a {@link FileScanner} is configured; its
     * text is extracted in the background for the global search.
     *
     * @throws FileTooLargeException beyond {@link #maxSize()}
     * @throws FileRefusedException for a refused media type or an infected file
     * @throws FileChangeRefusedException when a {@link FileChangeGuard} keeps the record's files as they are
     */
    StoredFile store(Actor actor, String type, String recordId, NewFile file, InputStream content);

    /** The record's files, newest first. */
    List<StoredFile> list(Actor actor, String type, String recordId);

    StoredFile get(Actor actor, String fileId);

    /** The file's bytes for a download; a confidential file's download is audited. */
    FileContent open(Actor actor, String fileId);

    /**
     * Deletes the file; its bytes go once no other file has the same content.
     *
     * @throws FileChangeRefusedException when a {@link FileChangeGuard} keeps the record's files as they are
     */
    void delete(Actor actor, String fileId);

    /**
     * Of the files of these records (of {@code type}), those whose name or text has a word starting with each word of
     * {@code text}, ignoring case and accents, by record id: which file a search hit was found by. Only files the actor
     * may read.
     */
    Map<String, List<StoredFile>> matching(Actor actor, String type, Collection<String> recordIds, String text);

    /** The largest file accepted, in bytes. */
    long maxSize();
}
