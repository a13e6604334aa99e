package org.rapportcrm.social.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.math.BigDecimal;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.social.api.Social;

/**
 * The social record types. Channels are settings; a channel's access token is taken out of the record as it is written
 * and kept in its INTERNAL state record (with the position it reached), so no API answer ever shows it. Posts and
 * profiles are data: each post is stored once per network id ({@code postKey}), each author once per network handle
 * ({@code profileKey}); a profile's contact is set only when someone confirms the suggested match.
 */
@Component
public class SocialTypes implements RecordTypeProvider {
    static final String STATE = "socialChannelState";
    static final String INBOUND_MESSAGE = "socialInboundMessage";

    static final RecordType CHANNEL_TYPE = new RecordType(Social.CHANNEL, "socialChannels", "Social channel", "Social channels", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).unique(true).build(),
            builder("network", FieldType.TEXT).label("Network (mastodon, rss, webhook)").maxLength(40).required(true).build(),
            builder("baseUrl", FieldType.URL).label("Server address (Mastodon), feed address (RSS/Atom), sender's address (webhook)")
                    .required(true).build(),
            // Write-only: moved to the channel's state as the record is written (ChannelRules).
            builder("accessToken", FieldType.TEXT).label("Access token, or the webhook's whsec_ secrets separated by spaces (write-only)")
                    .maxLength(500).build(),
            builder("credentialsStored", FieldType.BOOLEAN).label("Access token stored").defaultValue(false).build(),
            builder("keywords", FieldType.TEXT).label("Keywords and hashtags (comma-separated)").maxLength(1000).build(),
            builder("enabled", FieldType.BOOLEAN).label("Enabled").defaultValue(false).build(),
            builder("pollSeconds", FieldType.INTEGER).label("Poll every (seconds; feeds)").minValue(BigDecimal.valueOf(5))
                    .maxValue(BigDecimal.valueOf(86_400)).defaultValue(900L).build(),
            builder("stateKey", FieldType.TEXT).label("State").maxLength(40).unique(true).build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType STATE_TYPE = new RecordType(STATE, "socialChannelStates", "Social channel state", "Social channel states", "key", List.of(
            builder("key", FieldType.TEXT).label("Key").maxLength(40).required(true).unique(true).build(),
            builder("accessToken", FieldType.TEXT).label("Access token").maxLength(500).build(),
            builder("position", FieldType.TEXT).label("Position").maxLength(500).build(),
            builder("lastError", FieldType.TEXT).label("Last error").maxLength(1000).build(),
            builder("lastErrorAt", FieldType.DATE_TIME).label("Last error at").build()))
            .withKind(RecordType.Kind.INTERNAL);

    /** The webhook-id of every signed message a webhook channel took, so a replayed message is stored once. */
    static final RecordType INBOUND_MESSAGE_TYPE = new RecordType(INBOUND_MESSAGE, "socialInboundMessages", "Inbound webhook message",
            "Inbound webhook messages", "key", List.of(
            builder("key", FieldType.TEXT).label("Channel and webhook-id").maxLength(300).required(true).unique(true).build(),
            builder("channel", FieldType.TEXT).label("Channel (id)").maxLength(40).required(true).build(),
            builder("posts", FieldType.INTEGER).label("Posts in the message").build()))
            .withKind(RecordType.Kind.INTERNAL);

    static final RecordType PROFILE_TYPE = new RecordType(Social.PROFILE, "socialProfiles", "Social profile", "Social profiles", "handle", List.of(
            builder("network", FieldType.TEXT).label("Network").maxLength(40).required(true).build(),
            builder("handle", FieldType.TEXT).label("Handle").maxLength(300).required(true).searchable(true).build(),
            builder("profileKey", FieldType.TEXT).label("Network and handle").maxLength(350).required(true).unique(true).build(),
            builder("displayName", FieldType.TEXT).label("Display name").maxLength(200).searchable(true).build(),
            builder("url", FieldType.URL).label("Profile").build(),
            builder("email", FieldType.EMAIL).label("Email").build(),
            builder("networkId", FieldType.TEXT).label("Network id").maxLength(100).build(),
            builder("suggestedContact", FieldType.REFERENCE).label("Suggested contact").referenceTo("contact").onDelete(DeleteRule.SET_NULL).build(),
            builder("suggestedLead", FieldType.TEXT).label("Suggested lead (id)").maxLength(40).build(),
            builder("matchReason", FieldType.TEXT).label("Matched by").maxLength(100).build(),
            builder("contact", FieldType.REFERENCE).label("Contact (confirmed)").referenceTo("contact").onDelete(DeleteRule.SET_NULL).indexed(true).build(),
            builder("lead", FieldType.TEXT).label("Lead (confirmed, id)").maxLength(40).build()));

    /**
     * Posts are written in bursts (bench scenario 20), and every index costs each insert (on Derby most of a post's
     * ingest time was spent in its 29 indexes), so posts have only the indexes a list or lookup reads: the inbox is
     * sorted by {@code postedAt} and filtered by direction and status, the dashboard reads a period of
     * {@code postedDay}, the contact's and the profile's posts are picked by their reference's own index. Those lists
     * have indexes of their own ({@link PostListIndexes}); channel, profile, contact, keyword, sentiment, status and the
     * day are no longer indexed for a sort within them in title order, whose keys held the title ({@link LeanPostIndexes}
     * drops those indexes where an earlier version made them).
     */
    static final RecordType POST_TYPE = new RecordType(Social.POST, "socialPosts", "Social post", "Social posts", "title", List.of(
            builder("title", FieldType.TEXT).label("Post").maxLength(140).required(true).searchable(true).build(),
            builder("text", FieldType.LONG_TEXT).label("Text").build(),
            builder("channel", FieldType.REFERENCE).label("Channel").referenceTo(Social.CHANNEL).onDelete(DeleteRule.SET_NULL).build(),
            builder("network", FieldType.TEXT).label("Network").maxLength(40).required(true).build(),
            builder("networkId", FieldType.TEXT).label("Network id").maxLength(100).required(true).build(),
            builder("postKey", FieldType.TEXT).label("Network and id").maxLength(150).required(true).unique(true).build(),
            builder("direction", FieldType.PICKLIST).label("Direction").picklistValues(List.of(Social.INBOUND, Social.OUTBOUND))
                    .defaultValue(Social.INBOUND).build(),
            builder("inReplyToId", FieldType.TEXT).label("In reply to (network id)").maxLength(100).build(),
            builder("inReplyTo", FieldType.REFERENCE).label("In reply to").referenceTo(Social.POST).onDelete(DeleteRule.SET_NULL).build(),
            builder("profile", FieldType.REFERENCE).label("Author").referenceTo(Social.PROFILE).onDelete(DeleteRule.SET_NULL).build(),
            builder("author", FieldType.TEXT).label("Author handle").maxLength(300).searchable(true).build(),
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").onDelete(DeleteRule.SET_NULL).build(),
            builder("url", FieldType.URL).label("Link").build(),
            builder("postedAt", FieldType.DATE_TIME).label("Posted").indexed(true).build(),
            // Kept so the listening dashboard's figures are plain GROUP BYs, without date functions that differ per database.
            builder("postedDay", FieldType.DATE).label("Posted on (UTC)").build(),
            builder("keyword", FieldType.TEXT).label("Keyword (the first of the channel's it mentions)").maxLength(100).build(),
            builder("language", FieldType.TEXT).label("Language").maxLength(10).build(),
            builder("sentiment", FieldType.PICKLIST).label("Sentiment").picklistValues(Social.SENTIMENTS).build(),
            builder("sentimentScore", FieldType.DECIMAL).label("Sentiment score").scale(4).minValue(BigDecimal.ONE.negate())
                    .maxValue(BigDecimal.ONE).build(),
            builder("buyingIntent", FieldType.BOOLEAN).label("Buying intent").defaultValue(false).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(Social.STATUSES).defaultValue(Social.NEW).required(true)
                    .build(),
            builder("assignedTo", FieldType.TEXT).label("Assigned to (user)").maxLength(100).build(),
            builder("caseId", FieldType.TEXT).label("Case opened (id)").maxLength(40).build(),
            builder("leadId", FieldType.TEXT).label("Lead created (id)").maxLength(40).build()));

    @Override
    public List<RecordType> recordTypes() {
        return List.of(CHANNEL_TYPE, STATE_TYPE, INBOUND_MESSAGE_TYPE, PROFILE_TYPE, POST_TYPE);
    }

    @Override
    public List<SchemaMigration> migrations() {
        return List.of(new LeanPostIndexes(), new PostListIndexes());
    }
}
