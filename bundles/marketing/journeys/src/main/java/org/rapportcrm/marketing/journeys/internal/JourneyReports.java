package org.rapportcrm.marketing.journeys.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.journeys.internal.EnrolmentStore.Enrolment;
import org.rapportcrm.marketing.journeys.internal.EnrolmentStore.StepCount;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * What the console shows of journeys: per step of a journey, how many contacts are at it and how many passed it; and a
 * contact's journeys with the steps it took. Each reads as the caller, who must be able to read the journey or contact.
 */
@Component(service = JourneyReports.class)
public class JourneyReports {
    private final RecordService records;
    private final EnrolmentStore store;

    @Activate
    public JourneyReports(@Reference RecordService records, @Reference EnrolmentStore store) {
        this.records = records;
        this.store = store;
    }

    /** The journey's steps in their order, each with its type and counts; steps no longer in it but with contacts at them last. */
    Map<String, Object> steps(Actor actor, String journeyId) {
        Record journey = records.get(actor, JourneyTypes.JOURNEY, journeyId);
        Map<String, StepCount> counts = new LinkedHashMap<>(store.counts(journeyId));
        List<Map<String, Object>> steps = new ArrayList<>();
        JourneyGraph graph;
        try {
            graph = JourneyGraph.parse((String) journey.get("steps"));
        } catch (IllegalArgumentException e) {
            graph = JourneyGraph.parse(null);
        }
        for (JourneyGraph.Step step : graph.steps()) {
            StepCount count = counts.remove(step.id());
            steps.add(stepRow(step.id(), step.type(), count));
        }
        counts.forEach((id, count) -> steps.add(stepRow(id, null, count)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("journey", journeyId);
        body.put("status", journey.get("status"));
        body.put("steps", steps);
        return body;
    }

    private static Map<String, Object> stepRow(String id, String type, StepCount count) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("type", type);
        row.put("at", count == null ? 0 : count.at());
        row.put("passed", count == null ? 0 : count.passed());
        return row;
    }

    /** The contact's enrolments, the latest first, with the journey's name (when the caller may read it) and the steps taken. */
    List<Map<String, Object>> ofContact(Actor actor, String contactId) {
        records.get(actor, JourneyEngine.CONTACT, contactId);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Enrolment e : store.ofContact(contactId)) {
            Map<String, Object> item = enrolment(e);
            try {
                item.put("journeyName", records.get(actor, JourneyTypes.JOURNEY, e.journeyId()).get("name"));
            } catch (RecordException hidden) {
                item.put("journeyName", null);
            }
            List<Map<String, Object>> history = new ArrayList<>();
            store.log(e.id()).forEach(s -> {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("step", s.step());
                h.put("outcome", s.outcome());
                h.put("at", s.at());
                history.add(h);
            });
            item.put("history", history);
            items.add(item);
        }
        return items;
    }

    /** Where an enrolment is, or how it ended. */
    static Map<String, Object> enrolment(Enrolment e) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", e.id());
        item.put("journey", e.journeyId());
        item.put("contact", e.contactId());
        item.put("state", e.state());
        item.put("step", e.step());
        item.put("dueAt", e.dueAt());
        item.put("enteredAt", e.enteredAt());
        item.put("endedAt", e.endedAt());
        item.put("endReason", e.endReason());
        return item;
    }
}
