package org.rapportcrm.social.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.GroupCount;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.Social;

/**
 * The listening dashboard's figures over a period, for one channel or all: inbound posts per day, per day and
 * sentiment, the busiest authors, and the share of voice of the channels' keywords. Each figure is one grouped count
 * in the database ({@link RecordService#countBy}), as the caller may read the posts; no post is loaded.
 */
@Component(service = SocialInsights.class)
public class SocialInsights {
    static final int LONGEST_PERIOD_DAYS = 366;
    static final int DEFAULT_PERIOD_DAYS = 30;
    static final int TOP_AUTHORS = 10;
    private final RecordService records;

    @Activate
    public SocialInsights(@Reference RecordService records) {
        this.records = records;
    }

    Map<String, Object> insights(Actor actor, String fromText, String toText, String channelId) {
        LocalDate to = toText == null ? LocalDate.now(ZoneOffset.UTC) : date("to", toText);
        LocalDate from = fromText == null ? to.minusDays(DEFAULT_PERIOD_DAYS - 1L) : date("from", fromText);
        if (from.isAfter(to)) {
            throw RestException.badRequest("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= LONGEST_PERIOD_DAYS) {
            throw RestException.badRequest("from", "the period may be at most " + LONGEST_PERIOD_DAYS + " days");
        }
        List<Filter> conditions = new ArrayList<>(List.of(Filter.ge("postedDay", from), Filter.le("postedDay", to),
                Filter.eq("direction", Social.INBOUND)));
        List<String> keywords;
        if (channelId != null) {
            Record channel = records.get(actor, Social.CHANNEL, channelId); // 404 if the caller cannot see it
            conditions.add(Filter.eq("channel", channelId));
            keywords = ChannelStore.keywords((String) channel.get("keywords"));
        } else {
            keywords = records.all(actor, Query.of(Social.CHANNEL).limit(Query.MAX_LIMIT)).stream()
                    .flatMap(c -> ChannelStore.keywords((String) c.get("keywords")).stream()).distinct().toList();
        }
        Filter inPeriod = Filter.and(conditions.toArray(Filter[]::new));
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;

        Map<LocalDate, Map<String, Long>> perDay = new LinkedHashMap<>();
        for (int d = 0; d < days; d++) {
            Map<String, Long> zero = new LinkedHashMap<>();
            Social.SENTIMENTS.forEach(s -> zero.put(s, 0L));
            perDay.put(from.plusDays(d), zero);
        }
        for (GroupCount g : records.countBy(actor, Social.POST, List.of("postedDay", "sentiment"), inPeriod, days * Social.SENTIMENTS.size() + 1)) {
            Map<String, Long> day = perDay.get((LocalDate) g.values().get(0));
            String sentiment = g.values().get(1) == null ? Social.NOT_SCORED : (String) g.values().get(1);
            if (day != null) {
                day.merge(sentiment, g.count(), Long::sum);
            }
        }
        List<Map<String, Object>> series = new ArrayList<>();
        long total = 0;
        for (Map.Entry<LocalDate, Map<String, Long>> day : perDay.entrySet()) {
            long volume = day.getValue().values().stream().mapToLong(Long::longValue).sum();
            total += volume;
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("day", day.getKey().toString());
            point.put("posts", volume);
            point.put("sentiment", day.getValue());
            series.add(point);
        }
        List<Map<String, Object>> authors = records.countBy(actor, Social.POST, List.of("author"), inPeriod, TOP_AUTHORS).stream()
                .filter(g -> g.values().get(0) != null)
                .map(g -> Map.<String, Object>of("author", g.values().get(0), "posts", g.count())).toList();
        Map<String, Long> byKeyword = new LinkedHashMap<>();
        keywords.forEach(k -> byKeyword.put(k, 0L));
        long withKeyword = 0;
        for (GroupCount g : records.countBy(actor, Social.POST, List.of("keyword"), Filter.and(inPeriod, Filter.isNotEmpty("keyword")),
                Math.max(1, keywords.size() + 50))) {
            byKeyword.merge((String) g.values().get(0), g.count(), Long::sum);
            withKeyword += g.count();
        }
        List<Map<String, Object>> shareOfVoice = new ArrayList<>();
        for (Map.Entry<String, Long> k : byKeyword.entrySet()) {
            shareOfVoice.add(Map.of("keyword", k.getKey(), "posts", k.getValue(),
                    "share", withKeyword == 0 ? 0.0 : Math.round(10_000.0 * k.getValue() / withKeyword) / 10_000.0));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("from", from.toString());
        result.put("to", to.toString());
        result.put("channel", channelId);
        result.put("posts", total);
        result.put("days", series);
        result.put("topAuthors", authors);
        result.put("shareOfVoice", shareOfVoice);
        return result;
    }

    private static LocalDate date(String parameter, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw RestException.badRequest(parameter, "must be a date such as 2026-12-05");
        }
    }
}
