package org.rapportcrm.platform.mail.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;

/** Sends one queued message (instance id: its record's id) on the clustered scheduler, and retries it. */
@Component
public class SendTask implements ScheduledTaskHandler {
    private final MailServiceImpl mail;

    @Activate
    public SendTask(@Reference MailServiceImpl mail) {
        this.mail = mail;
    }

    @Override
    public String name() {
        return MailServiceImpl.SEND;
    }

    @Override
    public TaskOutcome run(TaskRun run) throws InterruptedException {
        return mail.deliver(run.instanceId());
    }
}
