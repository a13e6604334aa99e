package org.rapportcrm.itests;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A real SMTP and IMAP server for tests that run Rapport as a process: GreenMail standalone in a JVM of its own, on free
 * ports. Any recipient gets a mailbox, whose IMAP login and password are its address.
 */
final class GreenMailProcess implements AutoCloseable {
    final int smtpPort;
    final int imapPort;
    private final int apiPort;
    private final Process process;

    private GreenMailProcess(int smtpPort, int imapPort, int apiPort, Process process) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.apiPort = apiPort;
        this.process = process;
    }

    /** Started and ready; {@code users} as GreenMail reads them (at least one, such as {@code support:secret@rapport.test}: GreenMail refuses an empty list). */
    static GreenMailProcess start(File log, String users) {
        try {
            return start(log, users, RapportServer.freePort(), RapportServer.freePort(), RapportServer.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Started and ready on these ports: for a Pax Exam class, whose container is configured with the ports before a test
     * inside it starts the server.
     */
    static GreenMailProcess start(File log, String users, int smtp, int imap, int api) {
        try {
            ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
                    "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtp,
                    "-Dgreenmail.imap.hostname=127.0.0.1", "-Dgreenmail.imap.port=" + imap,
                    "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + api,
                    "-Dgreenmail.users=" + users, "-jar", new File(System.getProperty("rapport.greenmail")).getAbsolutePath());
            log.getParentFile().mkdirs();
            Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            // Gone with the JVM that started it, also when a test class never gets to close it.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            GreenMailProcess server = new GreenMailProcess(smtp, imap, api, process);
            await("GreenMail is ready", 60, server::ready);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The text of Rapport's mail settings ({@code etc/org.rapportcrm.mail.cfg}) that send through this server. */
    String smtpSettings(String fromAddress) {
        return "host=127.0.0.1\nport=" + smtpPort + "\nfromAddress=" + fromAddress + "\nfromName=Rapport CRM\n";
    }

    private boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + apiPort + "/api/service/readiness").toURL().openConnection();
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first message in the address's inbox that matches, waiting for it. */
    MimeMessage awaitMessage(String address, Predicate<MimeMessage> matching, int seconds) {
        MimeMessage[] found = new MimeMessage[1];
        await("a message for " + address, seconds, () -> {
            found[0] = find(address, matching).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** The first message with this subject in the address's inbox, waiting for it. */
    MimeMessage awaitMessage(String address, String subject, int seconds) {
        return awaitMessage(address, m -> {
            try {
                return subject.equals(m.getSubject());
            } catch (MessagingException e) {
                return false;
            }
        }, seconds);
    }

    private Optional<MimeMessage> find(String address, Predicate<MimeMessage> matching) {
        return messages(address).stream().filter(matching).findFirst();
    }

    /** Every message in the address's inbox now (none if it has no mailbox yet or the server is not up). */
    List<MimeMessage> messages(String address) {
        try {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", imapPort, address, address);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    List<MimeMessage> copies = new ArrayList<>();
                    for (Message m : inbox.getMessages()) {
                        copies.add(new MimeMessage((MimeMessage) m));
                    }
                    return copies;
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        } catch (Exception e) {
            return List.of(); // no mailbox yet, or the server is not up
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + seconds + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }
}
