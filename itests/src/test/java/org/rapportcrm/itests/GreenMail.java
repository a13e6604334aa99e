package org.rapportcrm.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.ops4j.pax.exam.Option;

/**
 * GreenMail standalone (a real SMTP and IMAP server) as a process for a Pax Exam class, on the class's ports: started
 * once, ready when its REST API answers; it makes a user per address it receives for (password = address).
 */
final class GreenMail {
    private final int smtp;
    private final int imap;
    private final int api;
    private final String users;
    private Process process;

    /** @param users GreenMail's {@code greenmail.users} ({@code support:secret@rapport.test}) */
    GreenMail(int smtp, int imap, int api, String users) {
        this.smtp = smtp;
        this.imap = imap;
        this.api = api;
        this.users = users;
    }

    int smtpPort() {
        return smtp;
    }

    /**
     * What a Pax Exam container needs to use this server: the jar's path, SMTP set before the first start (the server
     * comes up only in the first test) with {@code fromAddress}, and the mailbox "support" (user support, password
     * secret) read every second.
     */
    List<Option> karafOptions(String fromAddress) {
        String inbox = "etc/org.rapportcrm.mail.inbox-support.cfg";
        return List.of(systemProperty("rapport.greenmail").value(new File(System.getProperty("rapport.greenmail")).getAbsolutePath()),
                editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "host", "127.0.0.1"),
                editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "port", String.valueOf(smtp)),
                editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "fromAddress", fromAddress),
                editConfigurationFilePut(inbox, "name", "support"),
                editConfigurationFilePut(inbox, "host", "127.0.0.1"),
                editConfigurationFilePut(inbox, "port", String.valueOf(imap)),
                editConfigurationFilePut(inbox, "tls", "false"),
                editConfigurationFilePut(inbox, "user", "support"),
                editConfigurationFilePut(inbox, "password", "secret"),
                editConfigurationFilePut(inbox, "pollSeconds", "1"));
    }

    /** Starts it unless it runs (Pax Exam runs a class's hooks around every method; the process outlives them). */
    void ensureRunning() throws Exception {
        if (process == null || !process.isAlive()) {
            start();
        }
    }

    void start() throws Exception {
        File log = new File(System.getProperty("karaf.data"), "greenmail.log");
        process = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtp,
                "-Dgreenmail.imap.hostname=127.0.0.1", "-Dgreenmail.imap.port=" + imap,
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + api,
                "-Dgreenmail.users=" + users, "-jar", System.getProperty("rapport.greenmail"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        await("GreenMail is ready", 60, () -> {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + api + "/api/service/readiness").toURL().openConnection();
                return c.getResponseCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for a message with this subject in the user's IMAP inbox. */
    MimeMessage awaitMessage(String user, String subject, int seconds) throws Exception {
        return awaitMessage(user, m -> subject.equals(m.getSubject()), subject, seconds);
    }

    /** Waits for a message the predicate accepts in the user's IMAP inbox; {@code what} names it in a failure. */
    MimeMessage awaitMessage(String user, MessageTest test, String what, int seconds) throws Exception {
        MimeMessage[] found = new MimeMessage[1];
        await(what + " in " + user + "'s inbox", seconds, () -> {
            found[0] = fetch(user, test).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** A test of a fetched message that may throw as Jakarta Mail's getters do. */
    interface MessageTest {
        boolean test(MimeMessage m) throws Exception;

        static MessageTest of(Predicate<MimeMessage> p) {
            return p::test;
        }
    }

    private Optional<MimeMessage> fetch(String user, MessageTest test) {
        try {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", imap, user, user);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    for (Message m : inbox.getMessages()) {
                        MimeMessage copy = new MimeMessage((MimeMessage) m);
                        if (test.test(copy)) {
                            return Optional.of(copy);
                        }
                    }
                    return Optional.empty();
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        } catch (Exception e) {
            return Optional.empty(); // no such user yet, or the server is not up
        }
    }

    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + seconds + " s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
