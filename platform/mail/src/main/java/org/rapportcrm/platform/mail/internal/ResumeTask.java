package org.rapportcrm.platform.mail.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Once mail is configured, sends the messages that waited for it at once. */
@Component
public class ResumeTask implements ScheduledTaskHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeTask.class);
    private final MailServiceImpl mail;

    @Activate
    public ResumeTask(@Reference MailServiceImpl mail) {
        this.mail = mail;
    }

    @Override
    public String name() {
        return MailServiceImpl.RESUME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        int resumed = mail.resumeQueued();
        if (resumed > 0) {
            LOG.info("Mail is configured: {} queued message(s) are being sent", resumed);
        }
        return TaskOutcome.done();
    }
}
