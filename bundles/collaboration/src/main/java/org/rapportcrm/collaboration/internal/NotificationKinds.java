package org.rapportcrm.collaboration.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.notification.NotificationKind;

/**
 * The kinds of notification users choose about: the standard ones and those capabilities register, and what a user
 * gets of each when they have not chosen (always in the notification centre; by e-mail as the kind says).
 */
@Component(service = NotificationKinds.class)
public class NotificationKinds {
    /** One kind as users see it. */
    record Kind(String id, String label, boolean emailByDefault) {
    }

    /** What a user gets of one kind: in the notification centre (and live), and in the e-mail digest. */
    record Preference(boolean inApp, boolean email) {
        boolean any() {
            return inApp || email;
        }
    }

    static final List<Kind> STANDARD = List.of(
            new Kind(Notification.MENTION, "Someone mentions me or my team", true),
            new Kind(Notification.ASSIGNMENT, "A record is assigned to me", true),
            new Kind(Notification.RULE, "A workflow rule notifies me", false));

    private final List<NotificationKind> registered = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addKind(NotificationKind kind) {
        registered.add(kind);
    }

    void removeKind(NotificationKind kind) {
        registered.remove(kind);
    }

    /** Every kind: the standard ones first, then the registered ones by label. */
    List<Kind> all() {
        List<Kind> all = new ArrayList<>(STANDARD);
        registered.stream().map(k -> new Kind(k.id(), k.label(), k.emailByDefault()))
                .filter(k -> all.stream().noneMatch(s -> s.id().equals(k.id())))
                .sorted(Comparator.comparing(Kind::label)).forEach(all::add);
        return all;
    }

    Optional<Kind> kind(String id) {
        return all().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** What the user gets of {@code kind}, given what they chose ({@code chosen}, by kind id). */
    static Preference effective(Kind kind, Map<String, Preference> chosen) {
        Preference p = chosen.get(kind.id());
        return p != null ? p : new Preference(true, kind.emailByDefault());
    }
}
