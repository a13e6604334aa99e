package org.rapportcrm.platform.api.file;

/**
 * What the uploader says of a file besides its bytes.
 *
 * @param name as the client named it; the platform strips paths and control characters
 * @param claimedMediaType what the client said it is, or null; only a hint, the platform detects the type from the content
 * @param confidential only those who may edit the record may list and read it; its downloads are audited
 */
public record NewFile(String name, String claimedMediaType, boolean confidential) {
}
