package org.rapportcrm.platform.core.internal.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.rapportcrm.platform.api.file.FileRefusedException;
import org.rapportcrm.platform.api.file.FileTooLargeException;

/**
 * An upload as it streams into the store: counted against the size cap, hashed, handed to the virus scanner, and its
 * media type detected from its first bytes, so a refused type or an oversized file stops the upload at once rather
 * than after it was stored.
 */
final class InspectedUpload extends FilterInputStream {
    private final String name;
    private final long maxSize;
    private final MediaTypes mediaTypes;
    private final VirusScan scan;
    private final MessageDigest sha256;
    private final byte[] head = new byte[MediaTypes.HEAD_BYTES];
    private int headLength;
    private long size;
    private String mediaType;

    InspectedUpload(InputStream content, String name, long maxSize, MediaTypes mediaTypes, VirusScan scan) {
        super(content);
        this.name = name;
        this.maxSize = maxSize;
        this.mediaTypes = mediaTypes;
        this.scan = scan;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            detect();
            return n;
        }
        size += n;
        if (size > maxSize) {
            throw new FileTooLargeException(maxSize);
        }
        sha256.update(buffer, offset, n);
        scan.write(buffer, offset, n);
        if (headLength < head.length) {
            int copied = Math.min(n, head.length - headLength);
            System.arraycopy(buffer, offset, head, headLength, copied);
            headLength += copied;
            if (headLength == head.length) {
                detect();
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("An upload is read whole");
    }

    /** Once the head is read (or the whole of a small file): its type, refused at once if not accepted. */
    private void detect() {
        if (mediaType == null) {
            mediaType = mediaTypes.detect(head, headLength, name);
            String refusal = mediaTypes.refusal(mediaType);
            if (refusal != null) {
                throw new FileRefusedException(refusal);
            }
        }
    }

    /** After the content was read to its end. */
    String mediaType() {
        detect();
        return mediaType;
    }

    long size() {
        return size;
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
