/**
 * Files kept with records: a signed contract on an opportunity, a screenshot on a case, a claim's proof. One platform
 * store, streamed both ways, deduplicated by content, checked through the record it belongs to, scanned and with its
 * text extracted for the global search. Capabilities use {@link org.rapportcrm.platform.api.file.FileService} and
 * never write files themselves; {@link org.rapportcrm.platform.api.file.FileScanner},
 * {@link org.rapportcrm.platform.api.file.FileTextExtractor} and {@link org.rapportcrm.platform.api.file.FileContentStore}
 * are the SPIs for virus scanning, text extraction and another place to keep the bytes;
 * {@link org.rapportcrm.platform.api.file.FileChangeGuard} lets a capability freeze the files of a record in some states.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.rapportcrm.platform.api.file;
