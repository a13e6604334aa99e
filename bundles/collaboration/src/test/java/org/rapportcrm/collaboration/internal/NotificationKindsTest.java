package org.rapportcrm.collaboration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.collaboration.internal.NotificationKinds.Kind;
import org.rapportcrm.collaboration.internal.NotificationKinds.Preference;
import org.rapportcrm.platform.api.notification.NotificationKind;

class NotificationKindsTest {
    private static final Kind MENTION = NotificationKinds.STANDARD.get(0);
    private static final Kind RULE = NotificationKinds.STANDARD.get(2);

    @Test
    void withoutAChoiceEveryKindShowsInTheCentreAndMailsAsTheKindSays() {
        assertEquals(new Preference(true, true), NotificationKinds.effective(MENTION, Map.of()));
        assertEquals(new Preference(true, false), NotificationKinds.effective(RULE, Map.of()));
    }

    @Test
    void aUsersChoiceWinsOverTheDefault() {
        Map<String, Preference> chosen = Map.of("mention", new Preference(false, true), "rule", new Preference(false, false));
        assertEquals(new Preference(false, true), NotificationKinds.effective(MENTION, chosen));
        assertTrue(NotificationKinds.effective(MENTION, chosen).any());
        assertFalse(NotificationKinds.effective(RULE, chosen).any(), "turned off entirely: nothing is stored for them");
    }

    @Test
    void capabilitiesAddKindsAndTheyGoWithTheirBundle() {
        NotificationKinds kinds = new NotificationKinds();
        NotificationKind escalated = new NotificationKind() {
            public String id() {
                return "service.case-escalated";
            }

            public String label() {
                return "A case I own was escalated";
            }

            public boolean emailByDefault() {
                return true;
            }
        };
        kinds.addKind(escalated);
        assertEquals(List.of("mention", "assignment", "rule", "service.case-escalated"), kinds.all().stream().map(Kind::id).toList());
        assertTrue(kinds.kind("service.case-escalated").orElseThrow().emailByDefault());
        kinds.removeKind(escalated);
        assertTrue(kinds.kind("service.case-escalated").isEmpty());
    }
}
