package org.rapportcrm.platform.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/**
 * For capabilities' unit tests: a mail service that keeps what it is given to send, in order, and answers with
 * Message-IDs {@code <sent1@rapport.test>}, {@code <sent2@rapport.test>}, ... Templates are not rendered (a test that
 * needs them overrides {@link #render}); the itests send through a real SMTP server instead.
 */
public class KeptMail implements MailService {
    public final List<OutgoingMail> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public synchronized String send(OutgoingMail mail) {
        sent.add(mail);
        return "<sent" + ids.incrementAndGet() + "@rapport.test>";
    }

    @Override
    public Optional<MailStatus> status(String messageId) {
        return Optional.empty();
    }

    @Override
    public List<MailStatus> messagesAbout(Actor actor, String recordType, String recordId) {
        return List.of();
    }

    @Override
    public RenderedMail render(String template, Record record, Actor actor) {
        throw new UnsupportedOperationException("templates are not rendered in this test");
    }

    @Override
    public String sendTemplate(String template, Record record, Actor actor, Collection<String> to) {
        throw new UnsupportedOperationException("templates are not rendered in this test");
    }

    @Override
    public boolean isConfigured() {
        return true;
    }
}
