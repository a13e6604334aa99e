package org.rapportcrm.platform.mail.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;

/**
 * Tells whether mail can go out. Not configured is not "down": the node serves everything else, and messages wait in
 * the queue until SMTP is set.
 */
@Component
public class MailHealth implements HealthCheck {
    private final MailSettings settings;

    @Activate
    public MailHealth(@Reference MailSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "mail";
    }

    @Override
    public HealthStatus check() {
        return settings.configured() ? HealthStatus.up("sending through " + settings.server())
                : HealthStatus.up("mail not configured: messages are queued until SMTP is set in etc/" + MailConfig.PID + ".cfg");
    }
}
