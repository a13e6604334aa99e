package org.rapportcrm.bench.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends messages as a customer's mail server would, over one reused SMTP connection (plain, no authentication): enough
 * to feed a test mail server without a mail library in the harness.
 */
final class SmtpClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;

    SmtpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
        expect(220);
        command("EHLO bench.customer", 250);
    }

    /** Sends one message; {@code message} is its RFC 5322 text with CRLF line ends. */
    void send(String from, String to, String message) throws IOException {
        command("MAIL FROM:<" + from + ">", 250);
        command("RCPT TO:<" + to + ">", 250);
        command("DATA", 354);
        // Dot-stuffing: a line starting with '.' gets another.
        out.write(message.replace("\r\n.", "\r\n.."));
        command(message.endsWith("\r\n") ? "." : "\r\n.", 250);
    }

    private void command(String line, int expected) throws IOException {
        out.write(line + "\r\n");
        out.flush();
        expect(expected);
    }

    private void expect(int code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("SMTP server closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(String.valueOf(code))) {
            throw new IOException("SMTP: expected " + code + ", got " + line);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT", 221);
        } finally {
            socket.close();
        }
    }
}
