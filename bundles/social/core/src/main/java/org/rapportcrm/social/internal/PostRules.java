package org.rapportcrm.social.internal;

import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.Social;

/**
 * What a post sets off in other capabilities, looked up at run time through the metadata: a negative post from a
 * confirmed contact opens a case (channel Social) when the {@code case} type is installed; a post with buying intent
 * from someone who is no contact creates a lead when the {@code lead} type is, once per author (later posts of the
 * author point to the same lead). Without them the post just stays in the inbox. Idempotent: the post remembers the
 * case and the lead it made.
 */
@Component
public class PostRules implements ScheduledTaskHandler {
    static final String NAME = "social.post-rules";
    static final String CASE = "case";
    private final RecordService records;
    private final MetadataService metadata;

    @Activate
    public PostRules(@Reference RecordService records, @Reference MetadataService metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        return records.inTransaction(() -> {
            Record post;
            try {
                post = records.get(Actor.system(), Social.POST, run.instanceId());
            } catch (RecordNotFoundException e) {
                return TaskOutcome.done();
            }
            Map<String, Object> changes = new HashMap<>();
            if (Boolean.TRUE.equals(run.data().get("case")) && post.get("caseId") == null && metadata.type(CASE).isPresent()) {
                changes.put("caseId", openCase(post).getId());
            }
            if (Boolean.TRUE.equals(run.data().get("lead")) && post.get("leadId") == null && metadata.type(ProfileMatching.LEAD).isPresent()) {
                changes.put("leadId", leadOf(post));
            }
            if (!changes.isEmpty()) {
                records.update(Actor.system(), Social.POST, post.getId(), post.getVersion(), changes);
            }
            return TaskOutcome.done();
        });
    }

    private Record openCase(Record post) {
        Map<String, Object> values = new HashMap<>();
        values.put("subject", "Social: " + post.get("title"));
        values.put("description", post.get("text") + (post.get("url") == null ? "" : "\n\n" + post.get("url")));
        values.put("channel", "Social");
        values.put("contact", post.get("contact"));
        return records.create(Actor.system(), CASE, values);
    }

    /** The lead the author already is (an earlier post made it), else a new one. */
    private String leadOf(Record post) {
        Record profile = post.get("profile") == null ? null : records.get(Actor.system(), Social.PROFILE, (String) post.get("profile"));
        if (profile != null && profile.get("lead") != null) {
            return (String) profile.get("lead");
        }
        return createLead(post, profile).getId();
    }

    private Record createLead(Record post, Record profile) {
        String name = profile == null || profile.get("displayName") == null || profile.get("displayName").toString().isBlank()
                ? (String) post.get("author") : profile.get("displayName").toString().strip();
        int space = name.lastIndexOf(' ');
        Map<String, Object> values = new HashMap<>();
        values.put("firstName", space > 0 ? name.substring(0, space) : null);
        values.put("lastName", space > 0 ? name.substring(space + 1) : name);
        values.put("email", profile == null ? null : profile.get("email"));
        values.put("website", profile == null ? null : profile.get("url"));
        values.put("description", "From a social post: " + post.get("text"));
        values.put("source", "Other");
        values.values().removeIf(java.util.Objects::isNull);
        Record lead = records.create(Actor.system(), ProfileMatching.LEAD, values);
        if (profile != null && profile.get("lead") == null) {
            records.update(Actor.system(), Social.PROFILE, profile.getId(), profile.getVersion(), Map.of("lead", lead.getId()));
        }
        return lead;
    }
}
