package org.rapportcrm.social.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.Social;

/** The social record actions: replying to a post, and confirming who a profile is. */
public final class SocialActions {
    private SocialActions() {
    }

    /** {@code POST /api/v1/socialPosts/{id}/reply}: answers the post on its network. */
    @Component
    public static class Reply implements RecordAction {
        private final Replies replies;

        @Activate
        public Reply(@Reference Replies replies) {
            this.replies = replies;
        }

        @Override
        public String recordType() {
            return Social.POST;
        }

        @Override
        public String name() {
            return "reply";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Reply to a social post on its network")
                    .description("Publishes the reply through the post's channel (mentioning the author), keeps it as an outbound post "
                            + "in the thread and marks the post replied.")
                    .requestBody(JsonSchema.object().property("text", JsonSchema.string().maxLength(5000)).required("text"))
                    .response(201, "The reply as stored", JsonSchema.record(Social.POST))
                    .problem(404, "No such post, or the caller may not read it")
                    .problem(422, "No text, or the post's channel is gone")
                    .problem(502, "The network refused the reply")
                    .problem(503, "The network asks to wait, or its adapter is not installed")
                    .handler(ex -> ex.send(201, replies.reply(ex.actor(), ex.pathParameter("id"), (String) ex.body().get("text")))));
        }
    }

    /**
     * {@code POST /api/v1/socialProfiles/{id}/confirm-match}: the profile is this contact (the suggested one unless
     * another is given); its posts so far become the contact's.
     */
    @Component
    public static class ConfirmMatch implements RecordAction {
        private final RecordService records;

        @Activate
        public ConfirmMatch(@Reference RecordService records) {
            this.records = records;
        }

        @Override
        public String recordType() {
            return Social.PROFILE;
        }

        @Override
        public String name() {
            return "confirm-match";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Confirm which contact a social profile is")
                    .requestBody(JsonSchema.object().property("contact", JsonSchema.string().pattern(FieldFormats.ID).nullable()
                            .description("the contact's id; the suggested contact when left out")))
                    .response(200, "The profile with its contact", JsonSchema.record(Social.PROFILE))
                    .problem(404, "No such profile or contact, or the caller may not read them")
                    .problem(422, "No contact given and none suggested")
                    .handler(ex -> ex.send(200, confirm(ex.actor(), ex.pathParameter("id"), (String) ex.body().get("contact")))));
        }

        Record confirm(Actor actor, String profileId, String contactId) {
            return records.inTransaction(() -> {
                Record profile = records.get(actor, Social.PROFILE, profileId);
                String contact = contactId != null ? contactId : (String) profile.get("suggestedContact");
                if (contact == null) {
                    throw new ValidationException("contact", "required", "no contact was suggested: name one");
                }
                records.get(actor, "contact", contact); // the caller must see the contact
                Record confirmed = records.update(actor, Social.PROFILE, profileId, profile.getVersion(), Map.of("contact", contact));
                records.forEach(Actor.system(), Query.of(Social.POST).where(Filter.and(Filter.eq("profile", profileId), Filter.isEmpty("contact")))
                        .limit(Query.MAX_LIMIT), post -> records.update(Actor.system(), Social.POST, post.getId(), post.getVersion(), Map.of("contact", contact)));
                return confirmed;
            });
        }
    }
}
