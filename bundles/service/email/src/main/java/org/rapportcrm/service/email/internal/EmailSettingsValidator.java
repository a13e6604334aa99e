package org.rapportcrm.service.email.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;

/**
 * Service mailboxes and reply macros must be usable when saved: a mailbox's name is one a mailbox configuration can
 * have, and the e-mail templates they name exist and are written for cases (422 naming the field).
 */
@Component(service = RecordValidator.class)
public class EmailSettingsValidator implements RecordValidator {
    /** As the platform's mailbox configurations allow ({@code org.rapportcrm.mail.inbox}, property name). */
    private static final Pattern MAILBOX_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private final RecordService records;

    @Activate
    public EmailSettingsValidator(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(EmailTypes.MAILBOX, EmailTypes.MACRO);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        List<FieldError> errors = new ArrayList<>();
        if (EmailTypes.MAILBOX.equals(type.getApiName())) {
            Object name = after.get("name");
            if (name != null && !MAILBOX_NAME.matcher(name.toString()).matches()) {
                errors.add(new FieldError("name", "invalid", "the name of a mailbox configuration (etc/org.rapportcrm.mail.inbox-<name>.cfg): "
                        + "letters, digits, '.', '_' and '-'"));
            }
            checkTemplate(errors, "acknowledgementTemplate", (String) after.get("acknowledgementTemplate"));
        } else {
            checkTemplate(errors, "template", (String) after.get("template"));
        }
        return errors;
    }

    private void checkTemplate(List<FieldError> errors, String field, String name) {
        if (name == null || name.isBlank()) {
            return;
        }
        List<Record> found = records.query(Actor.system(), Query.of(EmailTypes.EMAIL_TEMPLATE).where(Filter.eq("name", name)).limit(1)).items();
        if (found.isEmpty()) {
            errors.add(new FieldError(field, "notFound", "no e-mail template is named '" + name + "'"));
            return;
        }
        Object writtenFor = found.get(0).get("recordType");
        if (writtenFor != null && !writtenFor.toString().isBlank() && !Cases.TYPE.equals(writtenFor)) {
            errors.add(new FieldError(field, "invalid", "the template '" + name + "' is written for " + writtenFor + " records, not cases"));
        }
    }
}
