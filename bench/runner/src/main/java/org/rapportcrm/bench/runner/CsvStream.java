package org.rapportcrm.bench.runner;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.rapportcrm.bench.probe.internal.ContactData;

/** The import's CSV, generated while it is sent: a header row, then {@code rows} valid contacts. */
final class CsvStream extends InputStream {
    private final long last;
    private final long seed;
    private long next;
    private byte[] line;
    private int pos;

    CsvStream(long first, long rows, long seed) {
        this.last = first + rows - 1;
        this.seed = seed;
        this.next = first;
        this.line = (ContactData.CSV_HEADER + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private boolean fill() {
        if (pos < line.length) {
            return true;
        }
        if (next > last) {
            return false;
        }
        line = ContactData.of(next++, seed).csvLine().getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }

    @Override
    public int read() {
        return fill() ? line[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len && fill()) {
            int k = Math.min(len - n, line.length - pos);
            System.arraycopy(line, pos, b, off + n, k);
            pos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }
}
