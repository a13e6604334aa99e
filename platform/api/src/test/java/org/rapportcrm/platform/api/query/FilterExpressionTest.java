package org.rapportcrm.platform.api.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FilterExpressionTest {

    @Test
    void andBindsTighterThanOr() {
        Filter f = FilterExpression.parse("a eq 1 or b eq 2 and c eq 3");
        assertEquals(Filter.or(Filter.eq("a", "1"), Filter.and(Filter.eq("b", "2"), Filter.eq("c", "3"))), f);
    }

    @Test
    void parenthesesGroupAndKeywordsIgnoreCase() {
        Filter f = FilterExpression.parse("(a EQ 1 OR b eq 2) AND c notempty");
        assertEquals(Filter.and(Filter.or(Filter.eq("a", "1"), Filter.eq("b", "2")), Filter.isNotEmpty("c")), f);
    }

    @Test
    void quotedValuesKeepSpacesAndDoubledQuotes() {
        assertEquals(Filter.eq("name", "O'Brien & Sons"), FilterExpression.parse("name eq 'O''Brien & Sons'"));
        assertEquals(Filter.in("country", List.of("DE", "AT", "CH")), FilterExpression.parse("country in ('DE', 'AT','CH')"));
        assertEquals(Filter.startsWith("email", "ana"), FilterExpression.parse("email sw ana"));
    }

    @Test
    void mistakesAreReportedWithTheirPosition() {
        InvalidQueryException unknownOp = assertThrows(InvalidQueryException.class, () -> FilterExpression.parse("name like 'x'"));
        assertEquals("filter", unknownOp.getParameter());
        assertTrue(unknownOp.getMessage().contains("unknown operator 'like'"), unknownOp.getMessage());
        assertTrue(assertThrows(InvalidQueryException.class, () -> FilterExpression.parse("name eq 'x"))
                .getMessage().contains("unterminated"));
        assertTrue(assertThrows(InvalidQueryException.class, () -> FilterExpression.parse("(name eq 'x'"))
                .getMessage().contains("')' was expected"));
        assertTrue(assertThrows(InvalidQueryException.class, () -> FilterExpression.parse("name eq x y"))
                .getMessage().contains("at character 11"));
    }

    @Test
    void parenthesesNestedBeyondTheLimitAreAQueryErrorNotAStackOverflow() {
        String deep = "(".repeat(1500) + "a eq 1" + ")".repeat(1500);
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> FilterExpression.parse(deep));
        assertTrue(e.getMessage().contains("nest more than " + FilterExpression.MAX_DEPTH), e.getMessage());
        String allowed = "(".repeat(FilterExpression.MAX_DEPTH) + "a eq 1" + ")".repeat(FilterExpression.MAX_DEPTH);
        assertEquals(Filter.eq("a", "1"), FilterExpression.parse(allowed));
        assertEquals(Filter.and(Filter.eq("a", "1"), Filter.eq("b", "2")), FilterExpression.parse("(a eq 1) and (b eq 2)"),
                "siblings do not add up to depth");
    }
}
