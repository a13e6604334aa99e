package org.rapportcrm.platform.files.internal.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapportcrm.platform.api.file.FileScanner;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.files.testing.RealClamd;

/** Virus scanning against a real clamd whose database knows the EICAR test file. */
class ClamdScannerTest {
    private static final int STREAM_MAX_MB = 8;

    @TempDir
    static Path dir;
    private static RealClamd clamd;

    @BeforeAll
    static void startClamd() throws IOException {
        clamd = RealClamd.in(dir.resolve("c")).streamMaxLength(STREAM_MAX_MB + "M").localSocket().start();
    }

    @AfterAll
    static void stopClamd() {
        if (clamd != null) {
            clamd.close();
        }
    }

    @Test
    void theEicarTestFileIsReportedWithItsSignatureName() throws IOException {
        assertEquals(RealClamd.THREAT, scan(tcp(), RealClamd.eicar(), 7));
    }

    @Test
    void aCleanFileOfSomeMegabytesStreamedInSmallWritesIsClean() throws IOException {
        assertNull(scan(tcp(), randomBytes(5 * 1024 * 1024), 8 * 1024 + 3));
    }

    @Test
    void aFileOverStreamMaxLengthCannotBeScannedRatherThanPassingAsClean() {
        IOException refused = assertThrows(IOException.class,
                () -> scan(tcp(), randomBytes((STREAM_MAX_MB + 2) * 1024 * 1024), 64 * 1024));
        assertTrue(refused.getMessage().contains("size limit") && refused.getMessage().contains("StreamMaxLength"), refused.getMessage());
    }

    @Test
    void theUnixSocketIsUsedWhenConfigured() throws IOException {
        ClamdScanner overSocket = new ClamdScanner(Configs.of(ClamdScanner.Config.class,
                Map.of("socket", clamd.socket().toString(), "port", 1)));
        assertEquals(RealClamd.THREAT, scan(overSocket, RealClamd.eicar(), 68));
        assertNull(scan(overSocket, "just a letter".getBytes(StandardCharsets.UTF_8), 4));
    }

    @Test
    void aClamdThatStopsDuringAnUploadIsAnIoExceptionAndOneThatIsGoneToo() throws IOException {
        RealClamd dying = RealClamd.in(dir.resolve("d")).start();
        ClamdScanner scanner = scannerFor(dying.port(), 60);
        try (FileScanner.Scan scan = scanner.begin("contract.pdf")) {
            scan.write(new byte[100_000], 0, 100_000);
            dying.close();
            IOException failure = assertThrows(IOException.class, () -> {
                scan.write(new byte[1_000_000], 0, 1_000_000);
                scan.verdict();
            });
            assertTrue(failure.getMessage().contains("clamd"), failure.getMessage());
        } finally {
            dying.close();
        }
        IOException unreachable = assertThrows(IOException.class, () -> scanner.begin("contract.pdf"));
        assertTrue(unreachable.getMessage().startsWith("Cannot reach clamd at"), unreachable.getMessage());
    }

    @Test
    void aClamdThatNeverAnswersIsAnIoExceptionAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> accept(silent));
            try (FileScanner.Scan scan = scannerFor(silent.getLocalPort(), 1).begin("a.txt")) {
                scan.write(new byte[10], 0, 10);
                IOException timeout = assertThrows(IOException.class, scan::verdict);
                assertTrue(timeout.getMessage().contains("did not answer within 1 s"), timeout.getMessage());
            } finally {
                accepted.get(30, TimeUnit.SECONDS).close();
            }
        }
    }

    @Test
    void smallWritesReachClamdAsWholeChunksEndedByAZeroLength() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Integer>> chunks = CompletableFuture.supplyAsync(() -> answerOk(fake));
            byte[] content = randomBytes(200_000);
            assertNull(scan(scannerFor(fake.getLocalPort(), 30), content, 1));
            assertEquals(List.of(65_536, 65_536, 65_536, 3_392, 0), chunks.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void repliesAreReadAsVerdicts() throws IOException {
        assertNull(ClamdStream.verdictOf("stream: OK"));
        assertEquals("Win.Test.EICAR_HDB-1", ClamdStream.verdictOf("stream: Win.Test.EICAR_HDB-1 FOUND"));
        IOException error = assertThrows(IOException.class, () -> ClamdStream.verdictOf("INSTREAM size limit exceeded. ERROR"));
        assertTrue(error.getMessage().startsWith("clamd could not scan the file: INSTREAM size limit exceeded."), error.getMessage());
        assertThrows(IOException.class, () -> ClamdStream.verdictOf(""));
        assertThrows(IOException.class, () -> ClamdStream.verdictOf("UNKNOWN COMMAND"));
    }

    private static ClamdScanner tcp() {
        return scannerFor(clamd.port(), 60);
    }

    private static ClamdScanner scannerFor(int port, int timeoutSeconds) {
        return new ClamdScanner(Configs.of(ClamdScanner.Config.class, Map.of("host", "127.0.0.1", "port", port, "timeoutSeconds", timeoutSeconds)));
    }

    /** Streams {@code content} in writes of {@code writeSize} bytes, as an upload arrives, and returns the verdict. */
    private static String scan(FileScanner scanner, byte[] content, int writeSize) throws IOException {
        try (FileScanner.Scan scan = scanner.begin("upload.bin")) {
            for (int offset = 0; offset < content.length; offset += writeSize) {
                scan.write(content, offset, Math.min(writeSize, content.length - offset));
            }
            return scan.verdict();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static Socket accept(ServerSocket server) {
        try {
            return server.accept();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stand-in clamd that records the chunk lengths of one INSTREAM and answers OK. */
    private static List<Integer> answerOk(ServerSocket server) {
        try (Socket connection = accept(server)) {
            DataInputStream in = new DataInputStream(connection.getInputStream());
            byte[] command = new byte["zINSTREAM\0".length()];
            in.readFully(command);
            assertEquals("zINSTREAM\0", new String(command, StandardCharsets.US_ASCII));
            List<Integer> lengths = new ArrayList<>();
            int length;
            do {
                length = in.readInt();
                lengths.add(length);
                in.readNBytes(length);
            } while (length > 0);
            OutputStream out = connection.getOutputStream();
            out.write("stream: OK\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return lengths;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
