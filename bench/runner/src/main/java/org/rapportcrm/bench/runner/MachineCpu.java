package org.rapportcrm.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The machine's CPU time from {@code /proc/stat}: how busy all cores were between two samples (Linux only). */
record MachineCpu(long busy, long total) {
    static MachineCpu now() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] ticks = Arrays.stream(f, 1, f.length).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(ticks, 0, Math.min(ticks.length, 8)).sum(); // user..steal; guest is within user
            long idle = ticks[3] + (ticks.length > 4 ? ticks[4] : 0); // idle + iowait
            return new MachineCpu(total - idle, total);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0, 0);
        }
    }

    /** The share of all cores' time spent busy since {@code earlier}, 0 to 100; -1 where /proc/stat cannot be read. */
    double busyPercentSince(MachineCpu earlier) {
        long total = this.total - earlier.total;
        return total <= 0 ? -1 : 100.0 * (busy - earlier.busy) / total;
    }
}
