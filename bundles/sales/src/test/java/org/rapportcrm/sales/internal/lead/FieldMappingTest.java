package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldMappingTest {
    private static final Set<String> LEAD_FIELDS = Set.of("firstName", "lastName", "email", "company");

    @Test
    void mappingLinesComeFirstThenFieldsNamedLikeLeadFieldsAndTheRestIsIgnored() {
        FieldMapping mapping = FieldMapping.parse("""
                # the agency's names
                surname = lastName
                mail=email

                org=status
                no equals sign here
                """);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("surname", " Ito ");
        form.put("mail", "ito@kaze.jp");
        form.put("FirstName", "Hana");
        form.put("org", "Converted");
        form.put("utm_campaign", "spring");
        form.put("company", "  ");

        FieldMapping.Mapped mapped = mapping.apply(form, LEAD_FIELDS);

        assertEquals(Map.of("lastName", "Ito", "email", "ito@kaze.jp", "firstName", "Hana"), mapped.leadValues());
        assertEquals("surname", mapping.formFieldFor("lastName", mapped));
        assertEquals("FirstName", mapping.formFieldFor("firstName", mapped));
        assertEquals("company", mapping.formFieldFor("company", mapped), "a field the form did not fill keeps its own name");
    }

    @Test
    void aMappingLineWinsOverAFieldOfTheSameNameAndNamesTheFieldWhenItIsMissing() {
        FieldMapping mapping = FieldMapping.parse("mail=email");
        Map<String, String> form = Map.of("email", "other@example.com", "mail", "ito@kaze.jp");
        assertEquals("ito@kaze.jp", mapping.apply(form, LEAD_FIELDS).leadValues().get("email"));

        FieldMapping.Mapped empty = mapping.apply(Map.of(), LEAD_FIELDS);
        assertEquals("mail", mapping.formFieldFor("email", empty));
        assertEquals(Optional.of("email"), mapping.target("mail", LEAD_FIELDS));
        assertEquals(Optional.empty(), mapping.target("utm_source", LEAD_FIELDS));
    }
}
