package org.rapportcrm.collaboration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapportcrm.collaboration.internal.Mentions.Mention;

class MentionsTest {
    private static final String ALICE = "6f1c2b9e-1111-4a2b-9c3d-000000000001";
    private static final String SALES = "6f1c2b9e-2222-4a2b-9c3d-000000000002";

    @Test
    void aTokenNamesAUserOrATeamByIdAndShowsTheName() {
        String text = "Can you call them, @[Alice Smith](user:" + ALICE + ")? cc @[Sales EMEA](team:" + SALES + ")";
        assertEquals(List.of(new Mention("user", ALICE, "Alice Smith"), new Mention("team", SALES, "Sales EMEA")), Mentions.parse(text));
        assertEquals("Can you call them, @Alice Smith? cc @Sales EMEA", Mentions.plain(text));
    }

    @Test
    void someoneMentionedTwiceIsToldOnce() {
        String text = "@[Alice](user:" + ALICE + ") and again @[Alice S.](user:" + ALICE + ")";
        assertEquals(List.of(new Mention("user", ALICE, "Alice")), Mentions.parse(text));
    }

    @Test
    void anAtSignWithoutATokenIsJustText() {
        assertEquals(List.of(), Mentions.parse("mail me at bob@example.org or @alice, @[Alice] (user:x), @[Bob](group:1)"));
        assertEquals(List.of(), Mentions.parse(null));
        assertEquals("", Mentions.plain(null));
    }

    @Test
    void aNameCannotBreakOutOfItsToken() {
        String token = Mentions.token("user", ALICE, "Eve ](team:evil) [x\nnext");
        assertEquals(List.of(new Mention("user", ALICE, "Eve )(team:evil) (x next")), Mentions.parse(token));
    }
}
