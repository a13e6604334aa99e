package org.rapportcrm.platform.files.internal.scan;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.rapportcrm.platform.api.file.FileScanner;

/**
 * One file streamed to clamd with INSTREAM: chunks of up to {@link #CHUNK} bytes, each after its length as 4 bytes
 * big-endian, then a zero length. The upload's small writes are gathered into whole chunks, so the socket sees one
 * write per chunk.
 */
final class ClamdStream implements FileScanner.Scan {
    static final int CHUNK = 64 * 1024;
    private static final byte[] INSTREAM = "zINSTREAM\0".getBytes(StandardCharsets.US_ASCII);

    private final ClamdConnection connection;
    private final ByteBuffer length = ByteBuffer.allocate(4);
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private boolean ended;

    ClamdStream(ClamdConnection connection) throws IOException {
        this.connection = connection;
        try {
            connection.write(ByteBuffer.wrap(INSTREAM));
        } catch (IOException e) {
            connection.close();
            throw failure(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        if (ended) {
            throw new IllegalStateException("The scan has its verdict already");
        }
        while (count > 0) {
            int taken = Math.min(count, chunk.remaining());
            chunk.put(bytes, offset, taken);
            offset += taken;
            count -= taken;
            if (!chunk.hasRemaining()) {
                send();
            }
        }
    }

    @Override
    public String verdict() throws IOException {
        if (ended) {
            throw new IllegalStateException("The scan has its verdict already");
        }
        send();
        ended = true;
        send();
        String reply;
        try {
            reply = connection.readReply();
        } catch (IOException e) {
            throw failure(e);
        }
        return verdictOf(reply);
    }

    /** Sends what was gathered as one chunk; an empty one (the end) only once {@link #ended}. */
    private void send() throws IOException {
        if (chunk.position() == 0 && !ended) {
            return;
        }
        try {
            if (connection.hasAnswered()) {
                // clamd speaks mid-stream only to refuse it (size limit) before it closes.
                throw new Refused(refusal(connection.readReply()));
            }
            chunk.flip();
            length.clear();
            length.putInt(chunk.remaining()).flip();
            connection.write(length, chunk);
            chunk.clear();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The threat's name, or null for a clean file; anything but a verdict is an IOException. */
    static String verdictOf(String reply) throws IOException {
        String answer = reply.startsWith("stream:") ? reply.substring("stream:".length()).trim() : reply;
        if (answer.equals("OK")) {
            return null;
        }
        if (answer.endsWith(" FOUND") && answer.length() > " FOUND".length()) {
            return answer.substring(0, answer.length() - " FOUND".length()).trim();
        }
        throw new Refused(refusal(reply));
    }

    private static String refusal(String reply) {
        if (reply.isEmpty()) {
            return "clamd closed the connection without a verdict";
        }
        if (reply.endsWith("ERROR")) {
            return "clamd could not scan the file: " + reply.substring(0, reply.length() - "ERROR".length()).trim()
                    + (reply.contains("size limit") ? " (raise StreamMaxLength in clamd.conf to the largest file accepted)" : "");
        }
        return "Unexpected answer from clamd: " + reply;
    }

    /** A broken connection, said with whatever clamd answered before it broke. */
    private IOException failure(IOException cause) {
        if (cause instanceof Refused || cause instanceof SocketTimeoutException) {
            return cause;
        }
        String reply = connection.replyIfAny();
        return new IOException(reply.isEmpty()
                ? "clamd at " + connection.address() + " stopped taking the file: " + cause.getMessage()
                : refusal(reply), cause);
    }

    @Override
    public void close() {
        connection.close();
    }

    /** clamd answered, but not with a verdict. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
