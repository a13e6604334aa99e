package org.rapportcrm.platform.mail.internal;

import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;

/** The real core over in-memory Derby with the mail types, the template check and the mail service as they run. */
final class MailFixture implements AutoCloseable {
    final CoreFixture core;
    final TestScheduler tasks = new TestScheduler();
    final MimeSupport mime = new MimeSupport();
    final MailSettings settings;
    final MailServiceImpl mail;
    final SendTask send;
    final SendBatchTask sendBatch;

    MailFixture() {
        this(null);
    }

    /** Over this database (a PostgreSQL schema), or in-memory Derby for null. */
    MailFixture(DataSource database) {
        core = database == null ? new CoreFixture() : new CoreFixture(database);
        core.metadata.addProvider(new MailTypes());
        core.records.addValidator(new TemplateValidator(core.metadata), "org.rapportcrm.platform.mail");
        settings = new MailSettings(mime, tasks, Configs.of(MailConfig.class, Map.of()));
        mail = new MailServiceImpl(core.records, tasks, settings, core.users, core.metadata, core.files);
        send = new SendTask(mail);
        sendBatch = new SendBatchTask(mail);
    }

    /** Mail with these SMTP settings, as after a change of etc/org.rapportcrm.mail.cfg. */
    void configure(Map<String, Object> smtp) {
        settings.apply(Configs.of(MailConfig.class, new HashMap<>(smtp)));
    }

    static Map<String, Object> smtp(int port) {
        return Map.of("host", "127.0.0.1", "port", port, "fromAddress", "crm@rapport.test", "fromName", "Rapport CRM", "maxAttempts", 3);
    }

    @Override
    public void close() {
        settings.close();
        mime.reset();
        core.close();
    }
}
