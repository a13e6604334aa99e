package org.rapportcrm.automation.internal.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.automation.internal.Deliveries;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * {@code webhook.call}: {@code {"webhook": "<subscription id>"}} posts the rule's record to the subscription's URL, signed
 * with its secret as its deliveries are (Standard Webhooks), with the type {@code rule.fired}. The call is part of the
 * run: a receiver that fails or does not answer fails the run, which is retried as any run is (after 1, 4 and 16
 * minutes); the {@code webhook-id} stays the same for the retries of one firing, so a receiver can drop a repeat.
 * For every change of a type with days of retries, subscribe to it instead.
 */
@Component(service = AutomationAction.class)
public class CallWebhook implements RuleAwareAction {
    static final String ID = "webhook.call";
    private final Deliveries deliveries;
    private final RecordService records;

    @Activate
    public CallWebhook(@Reference Deliveries deliveries, @Reference RecordService records) {
        this.deliveries = deliveries;
        this.records = records;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Call a webhook";
    }

    @Override
    public List<FieldDefinition> parameters() {
        return List.of(FieldDefinition.builder("webhook", FieldType.REFERENCE).label("Webhook subscription").referenceTo("webhook").required(true).build());
    }

    @Override
    public List<FieldError> check(RecordType type, Map<String, Object> parameters) {
        Object id = parameters.get("webhook");
        if (id == null || id.toString().isBlank()) {
            return List.of(); // reported as required
        }
        try {
            records.get(Actor.system(), "webhook", id.toString());
            return List.of();
        } catch (RecordNotFoundException e) {
            return List.of(new FieldError("webhook", "notFound", "there is no webhook subscription " + id));
        }
    }

    @Override
    public String describe(AutomationContext context) {
        Object id = context.parameters().get("webhook");
        try {
            return "Call the webhook '" + records.get(Actor.system(), "webhook", String.valueOf(id)).get("name") + "' with the record";
        } catch (RecordNotFoundException e) {
            return "Call the webhook " + id + ", which no longer exists";
        }
    }

    @Override
    public void execute(AutomationContext context) {
        Record record = context.trigger().record();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rule", context.ruleName());
        data.put("trigger", context.trigger().kind());
        data.put("event", context.event());
        data.put("recordType", record.getType());
        data.put("id", record.getId());
        data.put("version", record.getVersion());
        data.put("record", record.asMap());
        data.put("previousValues", context.previousValues());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "rule.fired");
        message.put("timestamp", Instant.now().toString());
        message.put("data", data);
        String webhook = String.valueOf(context.parameters().get("webhook"));
        Optional<String> failure = deliveries.call(webhook, messageId(context, record), message);
        if (failure.isPresent()) {
            throw new IllegalStateException("The webhook call failed: " + failure.get());
        }
    }

    /** The same for every try of one firing of one rule on one version of a record. */
    private static String messageId(AutomationContext context, Record record) {
        String firing = context.ruleName() + "|" + context.trigger().kind() + "|" + context.event() + "|" + record.getType() + "|"
                + record.getId() + "|" + record.getVersion();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(firing.getBytes(StandardCharsets.UTF_8));
            return "msg_rule_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
