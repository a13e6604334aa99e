package org.rapportcrm.automation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.webhook.StandardWebhooks;

/**
 * A subscription's secret, URL and filter: a secret is made when none is given; a new secret keeps the old one signing
 * for the grace period (rotation); the URL must be one the server may send to; the filter must apply to each of its
 * record types. Deleting a subscription deletes its delivery log.
 */
@Component(service = {RecordTrigger.class, RecordValidator.class}, configurationPid = WebhooksConfig.PID)
public class SubscriptionRules implements RecordTrigger, RecordValidator {
    private final RecordFilters filters;
    private final DeliveryStore deliveries;
    private volatile WebhooksConfig config;

    @Activate
    public SubscriptionRules(@Reference RecordFilters filters, @Reference DeliveryStore deliveries, WebhooksConfig config) {
        this.filters = filters;
        this.deliveries = deliveries;
        this.config = config;
    }

    @Modified
    void modified(WebhooksConfig config) {
        this.config = config;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(WebhookTypes.WEBHOOK);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Object secret = after.get("secret");
        if (secret == null || secret.toString().isBlank()) {
            after.put("secret", before != null && before.get("secret") != null ? before.get("secret") : StandardWebhooks.newSecret());
        } else if (before != null && before.get("secret") != null && !Objects.equals(before.get("secret"), secret)) {
            after.put("previousSecret", before.get("secret"));
            after.put("previousSecretUntil", Instant.now().plus(Duration.ofHours(config.rotationGraceHours())));
        }
    }

    /** A deleted subscription's log goes with it, in the delete's transaction. */
    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (RecordEvents.DELETED.equals(change.kind())) {
            deliveries.deleteAll(change.record().getId());
        }
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        List<FieldError> errors = new ArrayList<>();
        Object url = after.get("url");
        if (url != null) {
            // Where an inactive subscription points is checked when it is switched on (and again at every send).
            boolean sends = !Boolean.FALSE.equals(after.get("active"));
            String refusal = Destinations.refusal(url.toString(), config.allowPrivateAddresses() || !sends);
            if (refusal != null) {
                errors.add(new FieldError("url", "destination", refusal));
            }
        }
        String filterRefusal = filterRefusal(after.get("filter"), after.get("recordTypes"));
        if (filterRefusal != null) {
            errors.add(new FieldError("filter", "invalid", filterRefusal));
        }
        Object secret = after.get("secret");
        if (secret != null && !StandardWebhooks.isSecret(secret.toString())) {
            errors.add(new FieldError("secret", "format", "must be whsec_ followed by at least 16 bytes in base64"));
        }
        return errors;
    }

    /** Why the filter cannot apply to each of the subscription's record types, or null if it can (or there is none). */
    private String filterRefusal(Object filter, Object recordTypes) {
        if (filter == null || filter.toString().isBlank()) {
            return null;
        }
        Set<String> types = Subscription.recordTypes(recordTypes);
        if (types.isEmpty()) {
            return "needs recordTypes: a filter names fields, and fields belong to record types";
        }
        for (String type : types) {
            try {
                filters.compile(type, filter.toString());
            } catch (InvalidQueryException e) {
                return types.size() == 1 ? e.getMessage() : "on " + type + ": " + e.getMessage();
            }
        }
        return null;
    }
}
