package org.rapportcrm.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP pass-through in front of the server that a test can unplug: the browser talks to the server through it and,
 * unplugged, finds the server unreachable (connections refused, open ones cut) as on a dead network, while the test
 * itself still reaches the server directly. Chromium's own offline emulation does not reach a service worker's
 * requests, which run outside the page.
 */
final class NetworkCable implements AutoCloseable {
    final int port;
    private final int serverPort;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;

    NetworkCable(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.port = RapportServer.freePort();
        plugIn();
    }

    synchronized void plugIn() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread accepting = new Thread(() -> accept(socket), "network-cable-" + port);
        accepting.setDaemon(true);
        accepting.start();
    }

    synchronized void unplug() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        connections.forEach(NetworkCable::closeQuietly);
        connections.clear();
    }

    @Override
    public void close() {
        unplug();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket browser = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                if (!connect(socket, browser, server)) {
                    closeQuietly(browser);
                    closeQuietly(server);
                }
            } catch (IOException e) {
                // unplugged, or the server refused: the browser sees a failed request either way
            }
        }
    }

    /** Joins the two ends, unless the cable was unplugged meanwhile: a connection accepted just then must not live on. */
    private synchronized boolean connect(ServerSocket acceptedBy, Socket browser, Socket server) {
        if (listener != acceptedBy) {
            return false;
        }
        connections.add(browser);
        connections.add(server);
        pipe(browser, server);
        pipe(server, browser);
        return true;
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                connections.remove(from);
                connections.remove(to);
            }
        }, "network-cable-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
