package org.rapportcrm.service.internal.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.internal.ServiceFixture;
import org.rapportcrm.service.internal.ServiceTypes;
import org.rapportcrm.service.internal.demo.ServiceDemoGenerator;

/** Service KPIs computed by the database, checked against figures worked out by hand. */
class ServiceKpisTest {
    private final ServiceFixture service = new ServiceFixture();
    private final Instant now = Instant.parse("2026-12-10T12:00:00Z");

    @SuppressWarnings("unchecked")
    @Test
    void kpisOfADateRangeMatchTheHandCountedFigures() {
        String queue = service.create(ServiceTypes.QUEUE, Map.of("name", "Desk", "routing", ServiceTypes.MANUAL)).getId();
        String calendar = service.create(ServiceTypes.CALENDAR, Map.of("name", "24/7", "timeZone", "UTC", "monday", "00:00-00:00",
                "tuesday", "00:00-00:00", "wednesday", "00:00-00:00", "thursday", "00:00-00:00", "friday", "00:00-00:00",
                "saturday", "00:00-00:00", "sunday", "00:00-00:00")).getId();
        String policy = service.create(ServiceTypes.SLA_POLICY, Map.of("name", "All", "calendar", calendar)).getId();
        service.create(ServiceTypes.SLA_TARGET, Map.of("slaPolicy", policy, "priority", "Medium", "firstResponseMinutes", 60, "resolutionMinutes", 600));
        // Ten cases opened on 1 December at 08:00, first answered after 10, 20, ... 100 minutes, all resolved 300 minutes
        // after opening except the last (900 minutes, late); the first three with a single response.
        Instant opened = Instant.parse("2026-12-01T08:00:00Z");
        for (int i = 1; i <= 10; i++) {
            Map<String, Object> v = new HashMap<>(Map.of("subject", "Case " + i, "queue", queue, Cases.OPENED_AT, opened,
                    Cases.LAST_RESPONSE_AT, opened.plusSeconds(600L * i), "status", Cases.RESOLVED,
                    "resolvedAt", opened.plusSeconds(60L * (i == 10 ? 900 : 300))));
            var c = service.create(Cases.TYPE, v);
            if (i > 3) {
                service.update(c, Map.of(Cases.LAST_RESPONSE_AT, opened.plusSeconds(600L * i + 60)));
            }
        }
        service.create(Cases.TYPE, Map.of("subject", "Old and open", "queue", queue, Cases.OPENED_AT, now.minusSeconds(5 * 86400)));
        service.create(Cases.TYPE, Map.of("subject", "New and open", "queue", queue, Cases.OPENED_AT, now.minusSeconds(3600)));

        Map<String, Object> k = new ServiceKpis(service.core.records).kpis(Actor.system(), LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-31"), null, now);
        assertEquals(10L, k.get("resolved"));
        assertEquals(new BigDecimal("0.3000"), k.get("firstContactResolution"));
        Map<String, Object> first = (Map<String, Object>) k.get("firstResponseMinutes");
        assertEquals(10L, first.get("count"));
        assertEquals(new BigDecimal("55.0"), first.get("average"));
        assertEquals(90L, first.get("p90"));
        Map<String, Object> resolution = (Map<String, Object>) k.get("resolutionMinutes");
        assertEquals(new BigDecimal("360.0"), resolution.get("average"));
        assertEquals(300L, resolution.get("p90"));
        assertEquals(new BigDecimal("0.6000"), k.get("slaCompliance"), "cases 7-10 answered late (case 6 exactly on time)");
        Map<String, Object> backlog = (Map<String, Object>) k.get("backlog");
        assertEquals(2L, backlog.get("total"));
        Map<String, Object> ages = (Map<String, Object>) ((List<Map<String, Object>>) backlog.get("byQueue")).get(0).get("byAge");
        assertEquals(Map.of("under1Day", 1L, "1to3Days", 0L, "3to7Days", 1L, "over7Days", 0L), ages);
    }

    @Test
    void demoDataGivesQueuesAPolicyAndCasesInEveryState() {
        for (int i = 0; i < 20; i++) {
            String account = service.create("account", Map.of("name", "Account " + i)).getId();
            service.create("contact", Map.of("lastName", "Person " + i, "account", account));
        }
        String agent = service.core.user("sam", java.util.Set.of("service"), java.util.Set.of()).userId();
        new ServiceDemoGenerator(service.core.records, java.time.Clock.systemUTC()).generate(60, 42, List.of(agent));
        assertEquals(3, service.core.records.count(Actor.system(), ServiceTypes.QUEUE, null));
        assertEquals(60, service.core.records.count(Actor.system(), Cases.TYPE, null));
        for (String status : List.of(Cases.OPEN, Cases.WAITING_ON_CUSTOMER, Cases.RESOLVED, Cases.CLOSED)) {
            long n = service.core.records.count(Actor.system(), Cases.TYPE, org.rapportcrm.platform.api.query.Filter.eq("status", status));
            org.junit.jupiter.api.Assertions.assertTrue(n > 0, status + ": " + n);
        }
    }
}
