package org.rapportcrm.sales.internal.conversion;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.sales.internal.SalesTypes;
import org.rapportcrm.sales.internal.pipeline.SalesStages;

/**
 * Turns a qualified lead into an account, a contact and optionally an opportunity, in one transaction: all of them,
 * with the lead marked converted and its activities moved along, or nothing. The lead stays, read-only, pointing at
 * what it became, so its history is kept.
 */
@Component(service = LeadConverter.class)
public class LeadConverter {
    /** The default close date of a new opportunity, counted from today. */
    static final int DEFAULT_DAYS_TO_CLOSE = 30;
    private final RecordService records;
    private final SalesStages stages;
    private final RoleService roles;

    @Activate
    public LeadConverter(@Reference RecordService records, @Reference SalesStages stages, @Reference RoleService roles) {
        this.records = records;
        this.stages = stages;
        this.roles = roles;
    }

    /** The result: the converted lead and the records it became (the opportunity may be null). */
    public record Conversion(Record lead, Record account, Record contact, Record opportunity) {
        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("lead", lead);
            map.put("account", account);
            map.put("contact", contact);
            map.put("opportunity", opportunity);
            return map;
        }
    }

    /** Thrown for a lead that was converted before; nothing is changed. */
    public static final class AlreadyConverted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyConverted(Record lead) {
            super("Lead " + lead.getId() + " was already converted on " + lead.get("convertedAt") + " (contact "
                    + lead.get("convertedContact") + "); a converted lead is read-only");
        }
    }

    public Conversion convert(Actor actor, String leadId, ConversionRequest request) {
        return records.inTransaction(() -> {
            Record lead = records.get(actor, SalesTypes.LEAD, leadId);
            if (SalesTypes.LEAD_CONVERTED.equals(lead.get("status"))) {
                throw new AlreadyConverted(lead);
            }
            String owner = ownerOfConverted(actor, lead);
            Record account = request.accountId() != null ? records.get(actor, "account", request.accountId())
                    : records.create(actor, "account", ownedBy(owner, accountValues(lead)));
            String existing = request.contactId() != null ? request.contactId() : signedUpContact(actor, leadId);
            Record contact = existing != null ? records.get(actor, "contact", existing)
                    : records.create(actor, "contact", ownedBy(owner, contactValues(lead, account)));
            linkSubmissions(leadId, contact);
            Record opportunity = request.createOpportunity()
                    ? records.create(actor, SalesTypes.OPPORTUNITY, ownedBy(owner, opportunityValues(lead, account, contact, request)))
                    : null;
            moveActivities(actor, lead, account, contact, opportunity);
            Map<String, Object> converted = new HashMap<>();
            converted.put("status", SalesTypes.LEAD_CONVERTED);
            converted.put("convertedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS));
            converted.put("convertedAccount", account.getId());
            converted.put("convertedContact", contact.getId());
            converted.put("convertedOpportunity", opportunity == null ? null : opportunity.getId());
            Record updated = records.update(actor, SalesTypes.LEAD, leadId, lead.getVersion(), converted);
            return new Conversion(updated, account, contact, opportunity);
        });
    }

    /**
     * The contact the lead's web-form submission is about (the contact that had its address when the form was sent,
     * or the one the marketing capability made for its consent sign-up), if the actor may read it: converting joins
     * that person rather than making a second contact of them.
     */
    private String signedUpContact(Actor actor, String leadId) {
        return records.all(Actor.system(), Query.of(SalesTypes.WEB_FORM_SUBMISSION).where(Filter.and(Filter.eq("lead", leadId),
                Filter.isNotEmpty("contact"))).limit(Query.MAX_LIMIT)).stream()
                .map(s -> (String) s.get("contact")).filter(id -> records.count(actor, "contact", Filter.eq("id", id)) > 0)
                .findFirst().orElse(null);
    }

    /** The lead's web-form submissions not about anyone yet are about the contact it became (journeys started by the form enrol it). */
    private void linkSubmissions(String leadId, Record contact) {
        records.forEach(Actor.system(), Query.of(SalesTypes.WEB_FORM_SUBMISSION).where(Filter.and(Filter.eq("lead", leadId),
                Filter.isEmpty("contact"))).limit(Query.MAX_LIMIT),
                s -> records.update(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, s.getId(), s.getVersion(), Map.of("contact", contact.getId())));
    }

    /**
     * What the lead became belongs to whoever owns the lead; giving records to someone else needs the transfer
     * permission, so without it whoever converts owns them.
     */
    private String ownerOfConverted(Actor actor, Record lead) {
        return lead.getOwner() != null && (lead.getOwner().equals(actor.userId()) || roles.hasPermission(actor, Permission.TRANSFER))
                ? lead.getOwner() : null;
    }

    private static Map<String, Object> ownedBy(String owner, Map<String, Object> values) {
        if (owner != null) {
            values.put(SystemFields.OWNER, owner);
        }
        return values;
    }

    private static Map<String, Object> accountValues(Record lead) {
        Map<String, Object> v = new HashMap<>();
        Object company = lead.get("company");
        v.put("name", company != null ? company : fullName(lead));
        copy(lead, v, "website", "website");
        copy(lead, v, "phone", "phone");
        copy(lead, v, "city", "city");
        copy(lead, v, "country", "country");
        return v;
    }

    private static Map<String, Object> contactValues(Record lead, Record account) {
        Map<String, Object> v = new HashMap<>();
        for (String field : List.of("firstName", "lastName", "email", "phone", "title", "city", "country", "description")) {
            copy(lead, v, field, field);
        }
        v.put("account", account.getId());
        return v;
    }

    private Map<String, Object> opportunityValues(Record lead, Record account, Record contact, ConversionRequest request) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", request.opportunityName() != null ? request.opportunityName() : account.get("name") + " - new business");
        v.put("account", account.getId());
        v.put("contact", contact.getId());
        v.put("closeDate", (request.closeDate() != null ? request.closeDate() : LocalDate.now().plusDays(DEFAULT_DAYS_TO_CLOSE)).toString());
        v.put("salesProcess", SalesTypes.STANDARD_PROCESS);
        v.put("stage", stages.of(SalesTypes.STANDARD_PROCESS).stream().filter(s -> s.isOpen()).findFirst()
                .orElseThrow(() -> new IllegalStateException("The standard sales process has no open stage")).name());
        copy(lead, v, "source", "leadSource");
        v.put("lead", lead.getId());
        return v;
    }

    /** The lead's calls, meetings and emails now belong to the contact (and the deal), so the 360° view shows them. */
    private void moveActivities(Actor actor, Record lead, Record account, Record contact, Record opportunity) {
        Map<String, Object> links = new HashMap<>();
        links.put("contact", contact.getId());
        links.put("account", account.getId());
        if (opportunity != null) {
            links.put("opportunity", opportunity.getId());
        }
        records.forEach(actor, Query.of("activity").where(Filter.eq("lead", lead.getId())).limit(Query.MAX_LIMIT),
                activity -> records.update(actor, "activity", activity.getId(), activity.getVersion(), links));
    }

    private static String fullName(Record lead) {
        Object first = lead.get("firstName");
        return (first == null ? "" : first + " ") + lead.get("lastName");
    }

    private static void copy(Record from, Map<String, Object> to, String field, String as) {
        Object value = from.get(field);
        if (value != null) {
            to.put(as, value);
        }
    }
}
