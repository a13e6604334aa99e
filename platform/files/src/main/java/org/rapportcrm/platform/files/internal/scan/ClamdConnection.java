package org.rapportcrm.platform.files.internal.scan;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One connection to clamd over TCP or a unix socket. Non-blocking with a selector, because a blocking
 * {@link SocketChannel} has no read or write timeout: a clamd that stops answering must not hold an upload forever.
 */
final class ClamdConnection implements AutoCloseable {
    /** clamd's answers are one short line; anything longer is not clamd. */
    private static final int MAX_REPLY = 4096;

    private final SocketAddress address;
    private final long timeoutNanos;
    private final SocketChannel channel;
    private final Selector selector;

    private ClamdConnection(SocketAddress address, Duration timeout, SocketChannel channel, Selector selector) {
        this.address = address;
        this.timeoutNanos = timeout.toNanos();
        this.channel = channel;
        this.selector = selector;
    }

    static ClamdConnection open(SocketAddress address, Duration timeout) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            ClamdConnection connection = new ClamdConnection(address, timeout, channel, selector);
            if (!channel.connect(address)) {
                connection.await(SelectionKey.OP_CONNECT, "connecting");
                channel.finishConnect();
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw new IOException("Cannot reach clamd at " + address + ": " + e.getMessage(), e);
        }
    }

    SocketAddress address() {
        return address;
    }

    /** Writes all of the buffers. */
    void write(ByteBuffer... buffers) throws IOException {
        while (hasRemaining(buffers)) {
            if (channel.write(buffers) == 0) {
                await(SelectionKey.OP_WRITE, "taking the file");
            }
        }
    }

    /** Whether clamd has said something already (it answers mid-stream only to refuse it). */
    boolean hasAnswered() throws IOException {
        channel.register(selector, SelectionKey.OP_READ);
        boolean readable = selector.selectNow() > 0;
        selector.selectedKeys().clear();
        return readable;
    }

    /** clamd's answer: up to its terminating NUL (commands sent with the {@code z} prefix) or the end of the stream. */
    String readReply() throws IOException {
        ByteBuffer reply = ByteBuffer.allocate(MAX_REPLY);
        while (reply.hasRemaining()) {
            int read = channel.read(reply);
            if (read < 0 || (reply.position() > 0 && reply.get(reply.position() - 1) == 0)) {
                break;
            }
            if (read == 0) {
                await(SelectionKey.OP_READ, "scanning");
            }
        }
        reply.flip();
        String text = StandardCharsets.US_ASCII.decode(reply).toString();
        int end = text.indexOf('\0');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    /** What clamd has already sent, without waiting; empty if nothing (or the connection is broken). */
    String replyIfAny() {
        try {
            return hasAnswered() ? readReply() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void await(int operation, String doing) throws IOException {
        SelectionKey key = channel.register(selector, operation);
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("clamd at " + address + " did not answer within "
                        + Duration.ofNanos(timeoutNanos).toSeconds() + " s while " + doing);
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            boolean ready = selector.selectedKeys().remove(key) && (key.readyOps() & operation) != 0;
            selector.selectedKeys().clear();
            if (ready) {
                return;
            }
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing held
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the scan is over either way
        }
    }
}
