package org.rapportcrm.prm.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.ConflictMatcher.Clash;
import org.rapportcrm.prm.internal.ConflictMatcher.Deal;

/**
 * Finds what a registration clashes with, among every partner's deals (so it reads as the platform, never as the
 * partner): open opportunities of accounts named like the end customer or with its web domain, and other submitted or
 * approved registrations for that customer. Candidates are narrowed by indexed prefix queries; {@link ConflictMatcher}
 * decides.
 */
@Component(service = ConflictCheck.class)
public class ConflictCheck {
    private static final int CANDIDATES = 200;
    private final RecordService records;

    @Activate
    public ConflictCheck(@Reference RecordService records) {
        this.records = records;
    }

    /** The clashes of a registration as it will be stored ({@code id} null while it is being created). */
    public List<Clash> clashes(String id, Map<String, Object> registration) {
        String customer = (String) registration.get("customerName");
        String domain = ConflictMatcher.domain((String) registration.get("customerDomain"));
        String product = (String) registration.get("product");
        Deal registered = new Deal(Partners.REGISTRATION, id, customer, domain, product == null ? Set.of() : Set.of(product));
        List<Deal> candidates = new ArrayList<>(openOpportunities(customer, domain));
        candidates.addAll(liveRegistrations(customer, domain));
        return ConflictMatcher.clashes(registered, candidates);
    }

    private List<Deal> openOpportunities(String customer, String domain) {
        List<Filter> byCustomer = new ArrayList<>();
        String first = ConflictMatcher.firstWord(customer);
        if (!first.isEmpty()) {
            byCustomer.add(Filter.startsWith("name", first));
        }
        if (domain != null) {
            for (String prefix : List.of("", "www.", "http://", "https://", "http://www.", "https://www.")) {
                byCustomer.add(Filter.startsWith("website", prefix + domain));
            }
        }
        if (byCustomer.isEmpty()) {
            return List.of();
        }
        Map<String, Record> accounts = new HashMap<>();
        for (Record a : records.query(Actor.system(), Query.of("account").where(Filter.or(byCustomer.toArray(Filter[]::new)))
                .limit(CANDIDATES)).items()) {
            accounts.put(a.getId(), a);
        }
        if (accounts.isEmpty()) {
            return List.of();
        }
        List<Record> opportunities = records.query(Actor.system(), Query.of("opportunity").where(Filter.and(
                Filter.in("account", List.copyOf(accounts.keySet())), Filter.isEmpty("closedAt"))).limit(CANDIDATES)).items();
        Map<String, Set<String>> products = productsOf(opportunities);
        List<Deal> deals = new ArrayList<>();
        for (Record o : opportunities) {
            Record account = accounts.get((String) o.get("account"));
            deals.add(new Deal("opportunity", o.getId(), (String) account.get("name"), (String) account.get("website"),
                    products.getOrDefault(o.getId(), Set.of())));
        }
        return deals;
    }

    private Map<String, Set<String>> productsOf(List<Record> opportunities) {
        if (opportunities.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<String>> products = new HashMap<>();
        records.forEach(Actor.system(), Query.of("opportunityLineItem").where(Filter.in("opportunity",
                opportunities.stream().map(Record::getId).toList())), line -> products
                .computeIfAbsent((String) line.get("opportunity"), k -> new HashSet<>()).add((String) line.get("product")));
        return products;
    }

    private List<Deal> liveRegistrations(String customer, String domain) {
        List<Filter> byCustomer = new ArrayList<>();
        String first = ConflictMatcher.firstWord(customer);
        if (!first.isEmpty()) {
            byCustomer.add(Filter.startsWith("customerName", first));
        }
        if (domain != null) {
            byCustomer.add(Filter.eq("customerDomain", domain));
        }
        if (byCustomer.isEmpty()) {
            return List.of();
        }
        List<Deal> deals = new ArrayList<>();
        for (Record r : records.query(Actor.system(), Query.of(Partners.REGISTRATION).where(Filter.and(
                Filter.in("status", List.of(Partners.SUBMITTED, Partners.APPROVED)), Filter.or(byCustomer.toArray(Filter[]::new))))
                .limit(CANDIDATES)).items()) {
            String product = (String) r.get("product");
            deals.add(new Deal(Partners.REGISTRATION, r.getId(), (String) r.get("customerName"), (String) r.get("customerDomain"),
                    product == null ? Set.of() : Set.of(product)));
        }
        return deals;
    }
}
