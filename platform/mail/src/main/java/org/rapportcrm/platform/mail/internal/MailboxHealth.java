package org.rapportcrm.platform.mail.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;

/** The configured mailboxes. One that cannot be read is reported, but does not take the node out of service. */
@Component
public class MailboxHealth implements HealthCheck {
    private final InboxPoll poll;

    @Activate
    public MailboxHealth(@Reference InboxPoll poll) {
        this.poll = poll;
    }

    @Override
    public String name() {
        return "mailboxes";
    }

    @Override
    public HealthStatus check() {
        return HealthStatus.up(poll.state());
    }
}
