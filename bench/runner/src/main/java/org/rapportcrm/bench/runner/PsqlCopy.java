package org.rapportcrm.bench.runner;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's own client copying a file in and out, the bound for the file store there: {@code psql}'s
 * {@code \lo_import}/{@code \lo_export} (a large object) and {@code \copy ... (FORMAT binary)} of one {@code bytea} row
 * (the COPY protocol, PostgreSQL's bulk path), in one session against the server's database, each step timed by the
 * session itself ({@code \! date}), so neither psql's start nor its connection counts. The table is a logged one (a
 * temporary table would skip the write-ahead log the file store pays for), dropped at the end.
 */
final class PsqlCopy {
    /** COPY's binary format around one bytea field: signature, flags, header extension, field count, length. */
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    /** Seconds of each step of one {@link #run}. */
    record Seconds(double largeObjectIn, double largeObjectOut, double copyIn, double copyOut) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loImportSeconds", Figures.round(largeObjectIn));
            m.put("loExportSeconds", Figures.round(largeObjectOut));
            m.put("copyInSeconds", Figures.round(copyIn));
            m.put("copyOutSeconds", Figures.round(copyOut));
            return m;
        }
    }

    private final List<String> connection;
    private final String password;

    /** @param jdbcUrl {@code jdbc:postgresql://host[:port]/db?user=..&password=..} */
    PsqlCopy(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : (uri.getQuery() == null ? "" : uri.getQuery()).split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                params.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        this.connection = List.of("-h", uri.getHost(), "-p", String.valueOf(uri.getPort() > 0 ? uri.getPort() : 5432),
                "-U", params.getOrDefault("user", "postgres"), "-d", uri.getPath().substring(1));
        this.password = params.getOrDefault("password", "");
    }

    /**
     * Copies {@code source} in and out both ways; the large object's copy lands in {@code loTarget} (byte for byte), the
     * COPY's in {@code copyTarget} (in COPY's binary format). {@code work} holds the COPY file made from the source.
     */
    Seconds run(Path source, Path loTarget, Path copyTarget, Path work) throws IOException, InterruptedException {
        Path framed = work.resolve(source.getFileName() + ".pgcopy");
        frame(source, framed);
        String table = "bench_file_bytea_" + ProcessHandle.current().pid();
        String stamp = "\\! date +%s%N\n";
        String script = "CREATE TABLE " + table + " (data bytea);\n"
                + stamp + "\\lo_import '" + source + "'\n"
                + stamp + "\\lo_export :LASTOID '" + loTarget + "'\n"
                + stamp + "\\lo_unlink :LASTOID\n"
                + stamp + "\\copy " + table + " (data) FROM '" + framed + "' WITH (FORMAT binary)\n"
                + stamp + "\\copy (SELECT data FROM " + table + ") TO '" + copyTarget + "' WITH (FORMAT binary)\n"
                + stamp + "DROP TABLE " + table + ";\n";
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        command.addAll(connection);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        Process psql = pb.start();
        try (OutputStream in = psql.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (InputStream out = psql.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!psql.waitFor(10, TimeUnit.MINUTES) || psql.exitValue() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
        Files.delete(framed);
        List<Long> stamps = output.lines().filter(l -> l.matches("\\d{16,}")).map(Long::valueOf).toList();
        if (stamps.size() != 6) {
            throw new IllegalStateException("psql's output has not the 6 time stamps expected: " + output);
        }
        return new Seconds(seconds(stamps, 0), seconds(stamps, 1), seconds(stamps, 3), seconds(stamps, 4));
    }

    /** The bytes of a COPY of the source in binary format, the size {@link #run} writes into its COPY target. */
    static long framedSize(long size) {
        return SIGNATURE.length + 4 + 4 + 2 + 4 + size + 2;
    }

    private static double seconds(List<Long> stamps, int step) {
        return (stamps.get(step + 1) - stamps.get(step)) / 1e9;
    }

    private static void frame(Path source, Path framed) throws IOException {
        long size = Files.size(source);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(framed), 1 << 16))) {
            out.write(SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
            out.writeShort(1); // fields in the row
            out.writeInt(Math.toIntExact(size));
            Files.copy(source, out);
            out.writeShort(-1); // end of data
        }
    }
}
