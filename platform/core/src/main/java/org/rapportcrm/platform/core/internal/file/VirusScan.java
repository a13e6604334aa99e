package org.rapportcrm.platform.core.internal.file;

import java.io.IOException;
import java.util.List;
import org.rapportcrm.platform.api.file.FileScanner;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.core.internal.extension.RankedExtensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan of one upload by the highest-ranked {@link FileScanner}, or none while no scanner is configured. A scanner
 * that fails refuses the upload as unavailable (503): a file is never kept unscanned while scanning is on.
 */
final class VirusScan implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirusScan.class);
    private final FileScanner.Scan scan;

    private VirusScan(FileScanner.Scan scan) {
        this.scan = scan;
    }

    static VirusScan begin(RankedExtensions<FileScanner> scanners, String name) {
        List<RankedExtensions.Extension<FileScanner>> all = scanners.all();
        if (all.isEmpty()) {
            return new VirusScan(null);
        }
        try {
            return new VirusScan(all.get(0).service().begin(name));
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    void write(byte[] bytes, int offset, int length) {
        if (scan != null) {
            try {
                scan.write(bytes, offset, length);
            } catch (IOException | RuntimeException e) {
                throw unavailable(e);
            }
        }
    }

    /** The threat found, or null if the file is clean or nothing scans. */
    String verdict() {
        if (scan == null) {
            return null;
        }
        try {
            return scan.verdict();
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static BusyException unavailable(Exception e) {
        LOG.error("The virus scanner gave no verdict; uploads are refused until it does", e);
        return new BusyException("The virus scanner is not available: the file was not kept; try again later", 60, e);
    }

    @Override
    public void close() {
        if (scan != null) {
            scan.close();
        }
    }
}
