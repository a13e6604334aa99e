package org.rapportcrm.platform.api.mail;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Sends mail. {@link #send} only queues: the message is written to the database (inside the caller's transaction
 * when there is one, so it is sent only if the caller's work commits) and sent afterwards by the clustered scheduler,
 * never on the caller's thread, over reused SMTP connections. Temporary failures (the server unreachable, a 4xx
 * reply) are retried with a growing delay; a permanent refusal (5xx) or too many attempts leave it
 * {@link MailStatus.State#FAILED} with the server's reply. Until SMTP is configured messages stay queued and go out
 * once it is. Delivery to the server is at least once: a node that dies after the server accepted a message but
 * before it was recorded sends it again, with the same {@code Message-ID}.
 *
 * <p>E-mail templates are records of the type {@value #TEMPLATE_TYPE} (settings: administrators write them). Their
 * subject, HTML body and text body are Pebble templates ({@code {{ record.firstName }}}, {@code {{ owner.name }}},
 * {@code {{ sender.name }}}, {@code {% if %}}, filters): the HTML body is escaped for HTML, the others are not; a
 * template that names an unknown field or does not parse is refused when it is saved.
 */
@ProviderType
public interface MailService {
    /** The record type of e-mail templates. */
    String TEMPLATE_TYPE = "emailTemplate";

    /**
     * Queues a message; returns its {@code Message-ID} (with angle brackets), by which {@link #status} finds it and
     * replies refer to it.
     */
    String send(OutgoingMail mail);

    /**
     * Queues many messages at once, as {@link #send} queues each (joining the caller's transaction), with batched
     * inserts; bulk mail such as a campaign's. They are delivered by a few send tasks of many messages each, each task
     * sending its messages one after the other over one reused SMTP connection, so a batch costs a fraction of as many
     * single sends. Temporary failures are retried message by message as for {@link #send}.
     *
     * @return their {@code Message-ID}s, in the order of {@code mails}
     * @throws InvalidMailException for a message that cannot be queued; then none is
     * @since 1.2
     */
    default List<String> sendAll(List<OutgoingMail> mails) {
        return mails.stream().map(this::send).toList();
    }

    /** Where the message stands, or empty if no message has this id. */
    Optional<MailStatus> status(String messageId);

    /**
     * The messages about a record, newest first, if the actor may read the record.
     *
     * @throws org.rapportcrm.platform.api.record.RecordNotFoundException if there is no such record or the actor may
     *     not read it
     */
    List<MailStatus> messagesAbout(Actor actor, String recordType, String recordId);

    /**
     * Fills a template for a record: its fields as {@code record.<field>}, its owner as {@code owner.name} and
     * {@code owner.email}, and the sender as {@code sender.name} and {@code sender.email} (the actor, or the configured
     * sender for the system).
     *
     * @param template the template's name or id
     * @throws org.rapportcrm.platform.api.record.RecordNotFoundException if there is no such template
     * @throws InvalidMailException (field {@code subject}, {@code htmlBody} or {@code textBody}) if the template
     *     cannot be filled for this record
     */
    RenderedMail render(String template, Record record, Actor actor);

    /**
     * Fills a template for each of many records, as {@link #render} does for one, with the template, the records'
     * owners and the records they refer to looked up once for all of them rather than record by record.
     *
     * @return the filled template per record, in the order of {@code records}
     * @throws org.rapportcrm.platform.api.record.RecordNotFoundException if there is no such template
     * @throws InvalidMailException as {@link #render}, for the first record it cannot be filled for
     * @since 1.2
     */
    default List<RenderedMail> renderAll(String template, List<Record> records, Actor actor) {
        return records.stream().map(r -> render(template, r, actor)).toList();
    }

    /**
     * Fills a template for a record and queues it to {@code to}, about that record.
     *
     * @return the message's {@code Message-ID}
     * @throws InvalidMailException for an address that is not one, or a template that cannot be filled
     */
    String sendTemplate(String template, Record record, Actor actor, Collection<String> to);

    /** Whether an SMTP server is configured; without one, messages are queued and wait. */
    boolean isConfigured();
}
