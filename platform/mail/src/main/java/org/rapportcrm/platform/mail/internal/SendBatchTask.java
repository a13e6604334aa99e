package org.rapportcrm.platform.mail.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;

/** Sends a batch of queued messages (instance id: the batch's id, see {@code MailService.sendAll}) on one connection. */
@Component
public class SendBatchTask implements ScheduledTaskHandler {
    private final MailServiceImpl mail;

    @Activate
    public SendBatchTask(@Reference MailServiceImpl mail) {
        this.mail = mail;
    }

    @Override
    public String name() {
        return MailServiceImpl.SEND_BATCH;
    }

    @Override
    public TaskOutcome run(TaskRun run) throws InterruptedException {
        return mail.deliverBatch(run.instanceId(), run::stopRequested);
    }
}
