package org.rapportcrm.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.ops4j.pax.exam.Option;

/**
 * GreenMail ({@link GreenMailProcess}) for a Pax Exam class: on the class's fixed ports, which the container's
 * configuration names before the server runs; started by the first test that needs it (inside the container: Pax Exam
 * runs the class's hooks around every method) and gone with the container.
 */
final class GreenMail {
    private final int smtp;
    private final int imap;
    private final int api;
    private final String users;
    private GreenMailProcess server;

    /** @param users GreenMail's {@code greenmail.users} ({@code support:secret@rapport.test}) */
    GreenMail(int smtp, int imap, int api, String users) {
        this.smtp = smtp;
        this.imap = imap;
        this.api = api;
        this.users = users;
    }

    /**
     * What the container needs to use this server: the jar's path, SMTP set before the first start with
     * {@code fromAddress}, and the mailbox "support" (user support, password secret) read every second, and at once when
     * a message arrives (IMAP IDLE).
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
                editConfigurationFilePut(inbox, "pollSeconds", "1"),
                editConfigurationFilePut(inbox, "idleSeconds", "20"));
    }

    void ensureRunning() {
        if (server == null || !server.isAlive()) {
            start();
        }
    }

    void start() {
        server = GreenMailProcess.start(new File(System.getProperty("karaf.data"), "greenmail.log"), users, smtp, imap, api);
    }

    void stop() {
        server.close();
    }

    /** Waits for a message with this subject in the user's IMAP inbox. */
    MimeMessage awaitMessage(String user, String subject, int seconds) {
        return awaitMessage(user, m -> subject.equals(subject(m)), seconds);
    }

    MimeMessage awaitMessage(String user, Predicate<MimeMessage> matching, int seconds) {
        return server.awaitMessage(user, matching, seconds);
    }

    /** The message's subject, or an empty string if it has none or it cannot be read. */
    static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    static void await(String what, int seconds, BooleanSupplier condition) {
        GreenMailProcess.await(what, seconds, condition);
    }
}
