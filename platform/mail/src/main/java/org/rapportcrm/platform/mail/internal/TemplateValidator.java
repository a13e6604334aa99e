package org.rapportcrm.platform.mail.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Refuses an e-mail template that would fail when sent: a part that does not parse, a variable or field its record
 * type does not have, a record type that does not exist, or neither body.
 */
@Component
public class TemplateValidator implements RecordValidator {
    private final MetadataService metadata;
    private final TemplateRenderer templates = new TemplateRenderer();

    @Activate
    public TemplateValidator(@Reference MetadataService metadata) {
        this.metadata = metadata;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(MailTypes.TEMPLATE);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        List<FieldError> errors = new ArrayList<>();
        Object writtenFor = after.get("recordType");
        RecordType recordType = null;
        if (writtenFor != null && !writtenFor.toString().isBlank()) {
            Optional<RecordType> found = metadata.type(writtenFor.toString());
            if (found.isEmpty()) {
                return List.of(new FieldError("recordType", "notFound", "no record type '" + writtenFor + "'"));
            }
            recordType = found.get();
        }
        if (blank(after.get(TemplateRenderer.HTML)) && blank(after.get(TemplateRenderer.TEXT))) {
            errors.add(new FieldError(TemplateRenderer.TEXT, "required", "a template needs an HTML or a text body"));
        }
        for (String part : List.of(TemplateRenderer.SUBJECT, TemplateRenderer.HTML, TemplateRenderer.TEXT)) {
            Object source = after.get(part);
            if (source == null) {
                continue;
            }
            try {
                templates.check(Map.of(part, source), recordType, name -> metadata.type(name).orElse(null));
            } catch (InvalidMailException e) {
                errors.add(new FieldError(part, "template", e.getMessage().substring(part.length() + 2)));
            }
        }
        return errors;
    }

    private static boolean blank(Object v) {
        return v == null || v.toString().isBlank();
    }
}
