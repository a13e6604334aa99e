package org.rapportcrm.sales.internal.lead;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/** A web form's redirect must go to this server or to a site the administrator allowed: see {@link RedirectTargets}. */
@Component(configurationPid = CaptureConfig.PID)
public class WebFormRedirects implements RecordValidator {
    static final String FIELD = "redirectUrl";
    private final RedirectTargets targets;

    @Activate
    public WebFormRedirects(CaptureConfig config) {
        this(new RedirectTargets(config.allowedRedirectOrigins()));
    }

    WebFormRedirects(RedirectTargets targets) {
        this.targets = targets;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.WEB_FORM);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Object url = after.get(FIELD);
        boolean changed = before == null || !Objects.equals(before.get(FIELD), url);
        if (!changed || url == null || targets.allows(url.toString().strip())) {
            return List.of();
        }
        return List.of(new FieldError(FIELD, "notAllowed", targets.explain()));
    }
}
