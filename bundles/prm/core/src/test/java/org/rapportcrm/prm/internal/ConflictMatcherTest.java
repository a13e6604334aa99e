package org.rapportcrm.prm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.prm.internal.ConflictMatcher.Clash;
import org.rapportcrm.prm.internal.ConflictMatcher.Deal;

class ConflictMatcherTest {
    private static Deal registration(String id, String customer, String domain, String... products) {
        return new Deal("dealRegistration", id, customer, domain, Set.of(products));
    }

    private static Deal opportunity(String id, String customer, String website, String... products) {
        return new Deal("opportunity", id, customer, website, Set.of(products));
    }

    private static List<String> clashIds(Deal registered, Deal... candidates) {
        return ConflictMatcher.clashes(registered, List.of(candidates)).stream().map(c -> c.with().id()).toList();
    }

    @Test
    void theSameCustomerNamedWithAnotherLegalFormOrCaseClashes() {
        Deal mine = registration(null, "ACME Inc.", null, "p1");
        assertEquals(List.of("o1", "r1"), clashIds(mine, opportunity("o1", "Acme", null, "p1"), registration("r1", "acme, inc", null),
                opportunity("o2", "Acme Widgets", null, "p1")));
    }

    @Test
    void theSameDomainClashesWhateverTheNameFromAnEmailAWebAddressOrABareDomain() {
        Deal mine = registration(null, "Big Customer", "buyer@acme.com");
        assertEquals(List.of("o1", "r1"), clashIds(mine, opportunity("o1", "ACME Holding", "https://www.acme.com/contact"),
                registration("r1", "Someone else", "acme.com"), registration("r2", "Someone else", "acme.co.uk")));
    }

    @Test
    void differentProductsForTheSameCustomerDoNotClashButAnUnnamedProductCannotRuleItOut() {
        Deal mine = registration(null, "Acme", null, "p1");
        assertEquals(List.of("r2", "o1"), clashIds(mine, registration("r1", "Acme", null, "p2"), registration("r2", "Acme", null, "p1", "p3"),
                opportunity("o1", "Acme", null)));
        List<Clash> clashes = ConflictMatcher.clashes(mine, List.of(opportunity("o1", "Acme", null)));
        assertTrue(clashes.get(0).reason().contains("product not told apart"), clashes.get(0).reason());
    }

    @Test
    void aRegistrationNeverClashesWithItselfButDoesWithAnOpportunityOfTheSameId() {
        Deal mine = registration("x", "Acme", null);
        assertEquals(List.of("x"), clashIds(mine, registration("x", "Acme", null), opportunity("x", "Acme", null)));
    }

    @Test
    void nothingClashesWhenNeitherNameNorDomainMatch() {
        assertEquals(List.of(), clashIds(registration(null, "Initech", "initech.com"), opportunity("o1", "Initrode", "https://initrode.com"),
                registration("r1", "", null)));
    }

    @Test
    void aNameOfLegalFormsOnlyMatchesNothing() {
        assertEquals(List.of(), clashIds(registration(null, "GmbH & Co. KG", null), registration("r1", "Co. KG GmbH", null)));
    }

    @Test
    void domainsAreReadFromAddressesAndUrlsAndJunkIsNone() {
        assertEquals("acme.com", ConflictMatcher.domain("Jane.Doe@ACME.com"));
        assertEquals("acme.com", ConflictMatcher.domain("https://www.acme.com:8443/path?q=1"));
        assertEquals("acme.com", ConflictMatcher.domain("www.acme.com/about"));
        assertEquals("acme.com", ConflictMatcher.domain(" acme.com. "));
        assertNull(ConflictMatcher.domain("acme"));
        assertNull(ConflictMatcher.domain("not a domain"));
        assertNull(ConflictMatcher.domain("http://[::1"));
        assertNull(ConflictMatcher.domain(null));
    }

    @Test
    void customerKeysIgnoreCasePunctuationAndLegalForms() {
        assertEquals("acme", ConflictMatcher.customerKey("ACME, Inc."));
        assertEquals("müller bau", ConflictMatcher.customerKey("Müller-Bau GmbH & Co. KG"));
        assertEquals("müller", ConflictMatcher.firstWord("Müller-Bau GmbH"));
        assertEquals("", ConflictMatcher.firstWord(null));
    }
}
