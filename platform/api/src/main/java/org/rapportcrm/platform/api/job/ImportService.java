package org.rapportcrm.platform.api.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Imports a stream of records (CSV with a header row, NDJSON, or any {@link org.rapportcrm.platform.api.transfer.RecordFormat}
 * an extension adds) as a background job. The stream is first stored, so its size is bounded by disk, not memory;
 * rows are then validated one by one and written in large batches, each batch committed with the job's progress, so
 * a crash loses no committed row and the job resumes after the last one.
 */
@ProviderType
public interface ImportService {
    /**
     * @param mediaType the stream's format, for example {@code text/csv} or {@code application/x-ndjson}
     * @throws UnsupportedFormatException for a format no {@code RecordFormat} reads
     */
    Job startImport(Actor actor, String recordType, String mediaType, InputStream data) throws IOException;

    /** A job the actor started (administrators see every job). */
    Optional<Job> job(Actor actor, String jobId);

    /** The refused rows of a job, in row order. */
    List<RowError> errors(Actor actor, String jobId, int offset, int limit);

    /** The media types that can be imported. */
    List<String> mediaTypes();
}
