package org.rapportcrm.service.internal.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.Totals;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.internal.ServiceTypes;

/**
 * Service KPIs of a date range (UTC days, {@code from} to {@code to} inclusive), optionally of one queue, as the
 * caller may read the cases, from aggregate queries only (counts and totals; a percentile by bisecting counts), never
 * by loading cases:
 * <ul>
 * <li>first-contact resolution: of the cases resolved in the range, the share resolved with at most one response;</li>
 * <li>first-response and resolution times in business minutes (as the case's SLA calendar counts them; round the
 * clock without one): average and 90th percentile (nearest rank), of cases first answered / resolved in the range;</li>
 * <li>SLA compliance: of the cases resolved in the range under an SLA, the share that met every clock;</li>
 * <li>backlog: open cases now, per queue and by age since opening (under a day, 1-3 days, 3-7 days, older).</li>
 * </ul>
 */
public final class ServiceKpis {
    private static final List<String> BUCKETS = List.of("under1Day", "1to3Days", "3to7Days", "over7Days");
    private static final List<Duration> BOUNDS = List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7));
    private final RecordService records;

    public ServiceKpis(RecordService records) {
        this.records = records;
    }

    public Map<String, Object> kpis(Actor actor, LocalDate from, LocalDate to, String queueId, Instant now) {
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant last = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
        Filter queue = queueId == null ? null : Filter.eq("queue", queueId);
        Filter resolvedInRange = all(queue, Filter.ge("resolvedAt", start), Filter.le("resolvedAt", last));
        Map<String, Object> kpis = new LinkedHashMap<>();
        kpis.put("from", from.toString());
        kpis.put("to", to.toString());
        kpis.put("queue", queueId);
        kpis.put("opened", records.count(actor, Cases.TYPE, all(queue, Filter.ge(Cases.OPENED_AT, start), Filter.le(Cases.OPENED_AT, last))));
        long resolved = records.count(actor, Cases.TYPE, resolvedInRange);
        kpis.put("resolved", resolved);
        kpis.put("firstContactResolution", ratio(records.count(actor, Cases.TYPE, all(resolvedInRange, Filter.le("responseCount", 1))), resolved));
        kpis.put("firstResponseMinutes", minutes(actor, "firstResponseMinutes",
                all(queue, Filter.ge("firstResponseAt", start), Filter.le("firstResponseAt", last))));
        kpis.put("resolutionMinutes", minutes(actor, "resolutionMinutes", resolvedInRange));
        long met = records.count(actor, Cases.TYPE, all(resolvedInRange, Filter.eq("slaStatus", ServiceTypes.MET)));
        long breached = records.count(actor, Cases.TYPE, all(resolvedInRange, Filter.eq("slaStatus", ServiceTypes.BREACHED)));
        kpis.put("slaCompliance", ratio(met, met + breached));
        kpis.put("backlog", backlog(actor, queueId, now));
        return kpis;
    }

    private Map<String, Object> minutes(Actor actor, String field, Filter filter) {
        Filter valued = all(filter, Filter.isNotEmpty(field));
        Totals totals = records.totals(actor, Cases.TYPE, field, valued);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("count", totals.count());
        figures.put("average", totals.average() == null ? null : totals.average().setScale(1, RoundingMode.HALF_EVEN));
        figures.put("p90", totals.count() == 0 ? null : percentile(actor, field, valued, totals, 90));
        return figures;
    }

    /** The smallest value with at least p % of the values at or below it, by bisecting counts between min and max. */
    private long percentile(Actor actor, String field, Filter valued, Totals totals, int p) {
        long rank = (totals.count() * p + 99) / 100;
        long low = totals.min().longValue();
        long high = totals.max().longValue();
        while (low < high) {
            long mid = low + (high - low) / 2;
            if (records.count(actor, Cases.TYPE, all(valued, Filter.le(field, mid))) >= rank) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private Map<String, Object> backlog(Actor actor, String queueId, Instant now) {
        Filter open = Filter.and(Filter.ne("status", Cases.RESOLVED), Filter.ne("status", Cases.CLOSED));
        List<Map<String, Object>> byQueue = new ArrayList<>();
        List<Record> queues = queueId == null
                ? records.all(actor, Query.of(ServiceTypes.QUEUE).sortBy("name", false).limit(Query.MAX_LIMIT))
                : List.of(records.get(actor, ServiceTypes.QUEUE, queueId));
        long total = 0;
        for (Record queue : queues) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("queue", queue.getId());
            row.put("name", queue.get("name"));
            Map<String, Object> ages = new LinkedHashMap<>();
            long inQueue = 0;
            for (int i = 0; i < BUCKETS.size(); i++) {
                Filter age = all(open, Filter.eq("queue", queue.getId()),
                        i < BOUNDS.size() ? Filter.gt(Cases.OPENED_AT, now.minus(BOUNDS.get(i))) : null,
                        i > 0 ? Filter.le(Cases.OPENED_AT, now.minus(BOUNDS.get(i - 1))) : null);
                long n = records.count(actor, Cases.TYPE, age);
                ages.put(BUCKETS.get(i), n);
                inQueue += n;
            }
            row.put("open", inQueue);
            row.put("byAge", ages);
            byQueue.add(row);
            total += inQueue;
        }
        Map<String, Object> backlog = new LinkedHashMap<>();
        backlog.put("total", queueId == null ? records.count(actor, Cases.TYPE, open) : total);
        backlog.put("byQueue", byQueue);
        return backlog;
    }

    private static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    private static Filter all(Filter... filters) {
        return Filter.and(java.util.Arrays.stream(filters).filter(java.util.Objects::nonNull).toArray(Filter[]::new));
    }
}
