package org.rapportcrm.marketing.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.ConsentSignUps;
import org.rapportcrm.marketing.api.Consents;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code /api/v1/consents}: record a consent given or withdrawn, a contact's current consents, and the bulk question
 * of later sends. The ledger itself is listed read-only at {@code /api/v1/consentEntries}.
 */
@Component
public class ConsentsResource implements RestResource {
    private static final JsonSchema ID = JsonSchema.string().maxLength(36);
    private static final JsonSchema STATE = JsonSchema.object().property("contactId", ID).property("purposeId", ID)
            .property("channel", JsonSchema.string()).property("given", JsonSchema.bool()).property("at", JsonSchema.string().format("date-time"))
            .property("source", JsonSchema.string().nullable());
    private static final JsonSchema TOKEN = JsonSchema.string().maxLength(1000);
    private static final JsonSchema PREFERENCES = JsonSchema.object().property("purposes", JsonSchema.array(JsonSchema.anyObject()));
    private final ConsentLedger consents;
    private final ConsentLinks links;
    private final ConsentSignUps signUps;

    @Activate
    public ConsentsResource(@Reference ConsentLedger consents, @Reference ConsentLinks links, @Reference ConsentSignUps signUps) {
        this.consents = consents;
        this.links = links;
        this.signUps = signUps;
    }

    @Override
    public String path() {
        return "consents";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                RestRoute.post("").summary("Record a consent given or withdrawn")
                        .description("Appends to the contact's consent ledger; history is never rewritten. Needs the right to read the contact "
                                + "and to change contacts.")
                        .requestBody(JsonSchema.object().property("contactId", ID).property("purposeId", ID)
                                .property("channel", JsonSchema.string().enumValues(Marketing.CHANNELS)).property("given", JsonSchema.bool())
                                .property("source", JsonSchema.string().maxLength(200).nullable()).property("shownText", JsonSchema.string().maxLength(32_000).nullable())
                                .required("contactId", "purposeId", "channel", "given"))
                        .response(201, "The ledger entry", JsonSchema.object().property("id", ID))
                        .handler(ex -> {
                            Map<String, Object> b = ex.body();
                            String id = consents.record(ex.actor(), new Consents.ConsentRequest((String) b.get("contactId"), (String) b.get("purposeId"),
                                    (String) b.get("channel"), Boolean.TRUE.equals(b.get("given")), (String) b.get("source"), (String) b.get("shownText")));
                            ex.send(201, Map.of("id", id));
                        }),
                RestRoute.post("sign-ups").summary("Ask a contact to confirm a consent (double opt-in)")
                        .description("Appends a pending consent, which does not count, and e-mails the contact a signed link that confirms it once. "
                                + "For sign-up forms and landing pages; needs the same rights as recording a consent.")
                        .requestBody(JsonSchema.object().property("contactId", ID).property("purposeId", ID)
                                .property("channel", JsonSchema.string().enumValues(Marketing.CHANNELS))
                                .property("source", JsonSchema.string().maxLength(200).nullable()).property("shownText", JsonSchema.string().maxLength(32_000).nullable())
                                .required("contactId", "purposeId", "channel"))
                        .response(202, "The pending entry; the confirmation e-mail is queued", JsonSchema.object().property("id", ID))
                        .handler(ex -> {
                            Map<String, Object> b = ex.body();
                            consents.checkMayRecord(ex.actor(), (String) b.get("contactId"));
                            ex.send(202, Map.of("id", signUps.requestConfirmation((String) b.get("contactId"), (String) b.get("purposeId"),
                                    (String) b.get("channel"), (String) b.get("source"), (String) b.get("shownText"))));
                        }),
                RestRoute.get("contacts/{contactId}").summary("A contact's current consents")
                        .pathParameter("contactId", ID, "id of the contact")
                        .response(200, "The latest answer per purpose and channel", JsonSchema.object().property("items", JsonSchema.array(STATE)))
                        .handler(ex -> ex.send(200, Map.of("items", consents.current(ex.actor(), ex.pathParameter("contactId")).stream()
                                .map(ConsentsResource::json).toList()))),
                RestRoute.post("allowed").summary("Which of these contacts may be contacted for a purpose on a channel")
                        .description("Of the contacts the caller may read, those whose latest answer for the purpose and channel is given.")
                        .requestBody(JsonSchema.object().property("purposeId", ID).property("channel", JsonSchema.string().enumValues(Marketing.CHANNELS))
                                .property("contactIds", JsonSchema.array(ID).maxItems(10_000)).required("purposeId", "channel", "contactIds"))
                        .response(200, "The contacts whose current consent is given", JsonSchema.object().property("allowed", JsonSchema.array(ID)))
                        .handler(ex -> {
                            Map<String, Object> b = ex.body();
                            List<String> ids = ((List<?>) b.get("contactIds")).stream().map(String::valueOf).toList();
                            ex.send(200, Map.of("allowed", List.copyOf(consents.allowed(ex.actor(), (String) b.get("purposeId"), (String) b.get("channel"), ids))));
                        }),
                RestRoute.get(ConsentLinks.CONFIRM).summary("Confirm a double opt-in (the link in the confirmation e-mail)")
                        .queryParameter("token", TOKEN, true, "the signed token of the link").publicAccess()
                        .response(200, "The consent is given now", JsonSchema.object().property("confirmed", JsonSchema.bool()))
                        .problem(410, "The link was used already")
                        .handler(ex -> {
                            String pending = verified(ConsentLinks.CONFIRM, ex.query("token"));
                            if (consents.confirm(pending) == null) {
                                throw new RestException(410, "token", "This confirmation link was used already");
                            }
                            ex.send(200, Map.of("confirmed", true));
                        }),
                RestRoute.get(ConsentLinks.PREFERENCES).summary("A recipient's preference centre (the signed link in marketing e-mails)")
                        .queryParameter("token", TOKEN, true, "the signed token of the link").publicAccess()
                        .response(200, "Every active purpose with the recipient's answers by channel", PREFERENCES)
                        .handler(ex -> ex.send(200, Map.of("purposes", consents.preferences(verified(ConsentLinks.PREFERENCES, ex.query("token")))))),
                RestRoute.post(ConsentLinks.PREFERENCES).summary("A recipient gives or withdraws a consent in the preference centre")
                        .queryParameter("token", TOKEN, true, "the signed token of the link").publicAccess()
                        .requestBody(JsonSchema.object().property("purposeId", ID).property("channel", JsonSchema.string().enumValues(Marketing.CHANNELS))
                                .property("given", JsonSchema.bool()).required("purposeId", "channel", "given"))
                        .response(200, "The answers as they are now", PREFERENCES)
                        .handler(ex -> {
                            String contactId = verified(ConsentLinks.PREFERENCES, ex.query("token"));
                            Map<String, Object> b = ex.body();
                            consents.recordForRecipient(contactId, (String) b.get("purposeId"), (String) b.get("channel"), Boolean.TRUE.equals(b.get("given")));
                            ex.send(200, Map.of("purposes", consents.preferences(contactId)));
                        }));
    }

    private String verified(String purpose, String token) {
        String id = links.verify(purpose, token);
        if (id == null) {
            throw RestException.badRequest("token", "token: not a valid link, or it has expired");
        }
        return id;
    }

    private static Map<String, Object> json(Consents.ConsentState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contactId", s.contactId());
        m.put("purposeId", s.purposeId());
        m.put("channel", s.channel());
        m.put("given", s.given());
        m.put("at", s.at().toString());
        m.put("source", s.source());
        return m;
    }
}
