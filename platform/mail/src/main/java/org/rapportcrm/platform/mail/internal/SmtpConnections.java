package org.rapportcrm.platform.mail.internal;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * A few long-lived SMTP connections shared by the sending threads: a connection per message costs 3-4 times as
 * much (spikes/mail.md). A connection idle for longer than servers usually keep one open is replaced before use, and
 * one that breaks during a send is dropped.
 */
final class SmtpConnections implements AutoCloseable {
    /** How the server took a message. */
    record Outcome(boolean accepted, boolean permanent, String reply) {
    }

    private static final long MAX_IDLE_NANOS = 20_000_000_000L;

    private record Idle(Transport transport, long since) {
    }

    private final Session session;
    private final Semaphore permits;
    private final BlockingQueue<Idle> idle;
    private volatile boolean closed;

    SmtpConnections(Session session, int size) {
        this.session = session;
        this.permits = new Semaphore(size);
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /** Sends on one of the connections, waiting for one to be free; never throws for what the server answers. */
    Outcome send(MimeMessage message, Address[] recipients) throws InterruptedException {
        try (Lease lease = lease()) {
            return lease.send(message, recipients);
        }
    }

    /**
     * Takes one of the connections for several messages in a row, waiting for one to be free: a batch of messages
     * holds it from before it notes them as being sent until it has sent them, so no more messages are in flight than
     * the connections can carry.
     */
    Lease lease() throws InterruptedException {
        permits.acquire();
        return new Lease();
    }

    /** One connection held by one thread until it is closed (then free for the next). */
    final class Lease implements AutoCloseable {
        private boolean released;

        private Lease() {
        }

        /** Sends one message on the held connection (a new one if it broke); never throws for what the server answers. */
        Outcome send(MimeMessage message, Address[] recipients) {
            Transport reused = reusable();
            if (reused != null) {
                try {
                    return sent(reused, message, recipients);
                } catch (SendFailedException e) {
                    keep(reused);
                    return refused(e);
                } catch (MessagingException | IllegalStateException e) {
                    SmtpConnections.close(reused); // the server closed it meanwhile: go on with a new connection
                }
            }
            Transport fresh = null;
            try {
                fresh = session.getTransport("smtp");
                fresh.connect();
                return sent(fresh, message, recipients);
            } catch (SendFailedException e) {
                keep(fresh);
                return refused(e);
            } catch (MessagingException | IllegalStateException e) {
                // Could not connect, or the connection broke: the message is tried again later.
                SmtpConnections.close(fresh);
                return new Outcome(false, false, trim(describe(e)));
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                permits.release();
            }
        }
    }

    private Outcome sent(Transport transport, MimeMessage message, Address[] recipients) throws MessagingException {
        transport.sendMessage(message, recipients);
        String reply = transport instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : "accepted";
        keep(transport);
        return new Outcome(true, false, trim(reply));
    }

    /**
     * An open connection not idle for long. Not checked with a NOOP (Angus's {@code isConnected()} sends one, a round
     * trip per message): a connection the server closed fails the send, which is then repeated on a new one.
     */
    private Transport reusable() {
        Idle i = idle.poll();
        while (i != null && System.nanoTime() - i.since() > MAX_IDLE_NANOS) {
            close(i.transport());
            i = idle.poll();
        }
        return i == null ? null : i.transport();
    }

    private void keep(Transport transport) {
        if (closed || !idle.offer(new Idle(transport, System.nanoTime()))) {
            close(transport);
        }
    }

    /**
     * The server refused the message or some recipients. Sent to some: accepted, naming the refused. Refused for
     * all: permanent on a 5xx reply, else tried again later.
     */
    private static Outcome refused(SendFailedException e) {
        Address[] sent = e.getValidSentAddresses();
        int code = code(e);
        List<String> replies = new ArrayList<>();
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException a) {
                replies.add(a.getAddress() + ": " + a.getReturnCode() + " " + oneLine(a.getMessage()));
                code = Math.max(code, a.getReturnCode());
            }
        }
        String reply = replies.isEmpty() ? describe(e) : String.join("; ", replies);
        if (sent != null && sent.length > 0) {
            return new Outcome(true, false, trim("accepted for " + sent.length + " recipient(s), refused: " + reply));
        }
        return new Outcome(false, code >= 500, trim(reply));
    }

    private static int code(SendFailedException e) {
        return e instanceof SMTPSendFailedException s ? s.getReturnCode() : 0;
    }

    private static String describe(Exception e) {
        StringBuilder text = new StringBuilder(oneLine(e.getMessage()));
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
            text.append(": ").append(oneLine(cause.getMessage()));
        }
        return text.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** One line of at most 1,000 characters, as the status keeps it. */
    private static String trim(String s) {
        if (s == null) {
            return null;
        }
        String line = oneLine(s);
        return line.length() > 1000 ? line.substring(0, 1000) : line;
    }

    private static void close(Transport t) {
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException | RuntimeException e) {
                // closing a broken connection: nothing to do
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Idle i;
        while ((i = idle.poll()) != null) {
            close(i.transport());
        }
    }
}
