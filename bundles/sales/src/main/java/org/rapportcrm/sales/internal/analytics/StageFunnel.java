package org.rapportcrm.sales.internal.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.sales.api.StageConversion;

/**
 * Stage conversion from stage changes: per stage, the opportunities that entered it within the range, and how many of
 * those entered a later stage afterwards. Entering a stage whose outcome is Lost is not progress, or every stage
 * would "convert" into Closed Lost. Stage changes naming a stage outside the process are ignored.
 */
final class StageFunnel {
    record Stage(String name, long position, boolean lost) {
    }

    private record Entry(Stage stage, Instant enteredAt) {
    }

    private final List<Stage> stages;
    private final Map<String, Stage> stagesByName = new HashMap<>();
    private final Map<String, List<Entry>> entriesByOpportunity = new HashMap<>();

    /** @param stages the stages of the process in position order */
    StageFunnel(List<Stage> stages) {
        this.stages = List.copyOf(stages);
        stages.forEach(s -> stagesByName.putIfAbsent(s.name(), s));
    }

    void add(String opportunityId, String stageName, Instant enteredAt) {
        Stage stage = stagesByName.get(stageName);
        if (stage != null && opportunityId != null && enteredAt != null) {
            entriesByOpportunity.computeIfAbsent(opportunityId, k -> new ArrayList<>()).add(new Entry(stage, enteredAt));
        }
    }

    Set<String> opportunityIds() {
        return entriesByOpportunity.keySet();
    }

    /** Keeps only the stage changes of these opportunities (the ones of one owner, say). */
    void retainOpportunities(Set<String> ids) {
        entriesByOpportunity.keySet().retainAll(ids);
    }

    /** Per stage in order, counting the entries from {@code start} to {@code last}, both included. */
    List<StageConversion> conversions(Instant start, Instant last) {
        List<StageConversion> result = new ArrayList<>();
        for (Stage stage : stages) {
            long entered = 0;
            long advanced = 0;
            for (List<Entry> entries : entriesByOpportunity.values()) {
                Instant firstEntry = firstEntryWithin(entries, stage, start, last);
                if (firstEntry != null) {
                    entered++;
                    if (enteredLaterStage(entries, stage, firstEntry)) {
                        advanced++;
                    }
                }
            }
            result.add(new StageConversion(stage.name(), stage.position(), entered, advanced, Figures.ratio(advanced, entered)));
        }
        return result;
    }

    private static Instant firstEntryWithin(List<Entry> entries, Stage stage, Instant start, Instant last) {
        Instant first = null;
        for (Entry e : entries) {
            if (e.stage().equals(stage) && !e.enteredAt().isBefore(start) && !e.enteredAt().isAfter(last)
                    && (first == null || e.enteredAt().isBefore(first))) {
                first = e.enteredAt();
            }
        }
        return first;
    }

    private static boolean enteredLaterStage(List<Entry> entries, Stage stage, Instant since) {
        return entries.stream().anyMatch(e -> e.stage().position() > stage.position() && !e.stage().lost()
                && !e.enteredAt().isBefore(since));
    }
}
