package org.rapportcrm.sync.dav.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.query.RecordPredicate;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.platform.api.view.ListView;
import org.rapportcrm.platform.api.view.ListViewService;

/**
 * The collections a user has beside their own: one per team they belong to (the records its members own) and one per
 * saved list view of the type they see (the records the view lists). Both follow the user's permissions, as every
 * read of a collection goes through the record service as the user.
 */
@Component(service = SharedScopes.class)
public class SharedScopes {
    private final UserService users;
    private final ListViewService views;
    private final RecordFilters filters;

    @Activate
    public SharedScopes(@Reference UserService users, @Reference ListViewService views, @Reference RecordFilters filters) {
        this.users = users;
        this.views = views;
        this.filters = filters;
    }

    /**
     * The team and view collections of a type for the actor, each narrowed to the area's items ({@code items} in SQL,
     * {@code isItem} in memory; null and always-true for every record of the type).
     */
    List<DavScope> of(Actor actor, String recordType, String noun, Filter items, Predicate<Record> isItem) {
        List<DavScope> scopes = new ArrayList<>();
        for (Team team : users.teams(actor)) {
            if (team.memberIds().contains(actor.userId())) {
                Set<String> members = Set.copyOf(team.memberIds());
                scopes.add(new DavScope(DavScope.TEAM + team.id(), team.name() + " " + noun, and(Filter.in("owner", List.copyOf(members)), items),
                        r -> members.contains(r.getOwner()) && isItem.test(r), false));
            }
        }
        for (ListView view : views.views(actor, recordType)) {
            inView(actor, view, items, isItem).ifPresent(scopes::add);
        }
        return scopes;
    }

    /** A view's collection, unless its filter no longer applies to the type as the actor sees it (a field removed or hidden). */
    private Optional<DavScope> inView(Actor actor, ListView view, Filter items, Predicate<Record> isItem) {
        String segment = DavScope.VIEW + view.id();
        String text = view.filter() == null ? "" : view.filter().trim();
        if (text.isEmpty()) {
            return Optional.of(new DavScope(segment, view.name(), items, isItem, false));
        }
        try {
            RecordPredicate predicate = filters.compile(view.recordType(), text, actor);
            return Optional.of(new DavScope(segment, view.name(), and(FilterExpression.parse(text), items),
                    r -> predicate.test(r.getValues(), Map.of()) && isItem.test(r), false));
        } catch (InvalidQueryException e) {
            return Optional.empty();
        }
    }

    private static Filter and(Filter a, Filter b) {
        return a == null ? b : b == null ? a : Filter.and(a, b);
    }
}
