package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.itests.RestClient.Response;

/**
 * One sample record of every record type in the metadata, made by the administrator from the metadata alone (required
 * fields, references and masters filled with samples of the same "world"), so tests generated over the types need no
 * code per type. A system type is found among what the platform wrote for its references' samples, or, for one the
 * platform writes only when someone outside does something ({@link #platformActions}), made by doing that as they would.
 */
final class SampleRecords {
    /** The domain of sample registrations. */
    static final String SAMPLE_DOMAIN = "sample-customer.example";
    /** Values the metadata alone cannot tell (a stage must be one of its process), by type and field. */
    private static final Map<String, Map<String, Object>> HINTS = Map.of(
            "opportunity", Map.of("stage", "Prospecting"),
            "opportunityLineItem", Map.of("unitPrice", Map.of("amount", 10, "currency", "EUR")),
            "quoteLine", Map.of("unitPrice", Map.of("amount", 10, "currency", "EUR"), "description", "Sample line"),
            "salesStage", Map.of("position", 900, "active", false),
            "emailTemplate", Map.of("textBody", "Hello from a sample template"),
            // Published (internal): cases link only published articles, and publishing writes the version sample.
            "knowledgeArticle", Map.of("status", "Published"),
            // With PRM: deals are registered for partner accounts, and a sample domain lets registrations clash.
            "account", Map.of("isPartner", true),
            "dealRegistration", Map.of("customerDomain", SAMPLE_DOMAIN),
            // MDF: a period and funds for the sample partner (its tier has none); an approved request, so a claim can be made.
            "mdfAllocation", Map.of("period", "2026", "amount", Map.of("amount", 1000, "currency", "EUR")),
            "mdfRequest", Map.of("status", "Approved", "approvedAmount", Map.of("amount", 1, "currency", "EUR")));

    /**
     * System types that no write of their references' samples makes: the platform keeps them when someone outside acts
     * through a public endpoint. A web form's submission is kept only when a visitor posts the form.
     */
    private final Map<String, PlatformAction> platformActions = Map.of("webFormSubmission", this::visitorPostsWebForm);

    /** Does what makes the platform write a record of a system type; answers its id. */
    @FunctionalInterface
    private interface PlatformAction {
        String sample(String owner, Map<String, String> world, List<String> path);
    }

    final Map<String, JsonNode> typesByName = new LinkedHashMap<>();
    final Map<String, JsonNode> typesByPlural = new LinkedHashMap<>();
    private final RestClient admin;

    SampleRecords(RestClient admin) {
        this.admin = admin;
        for (JsonNode t : admin.get("/metadata").body().path("types")) {
            typesByName.put(t.path("apiName").asText(), t);
            typesByPlural.put(t.path("pluralApiName").asText(), t);
        }
    }

    String kind(String type) {
        return typesByName.get(type).path("kind").asText("DATA");
    }

    /** A sample of every type, owned by {@code owner} (null: the administrator); every reference stays in the world. */
    Map<String, String> world(String owner) {
        Map<String, String> world = new HashMap<>();
        for (String type : typesByName.keySet()) {
            sample(type, owner, world, new ArrayList<>());
        }
        return world;
    }

    private String sample(String type, String owner, Map<String, String> world, List<String> path) {
        if (world.containsKey(type)) {
            return world.get(type);
        }
        if (path.contains(type)) {
            return null; // a cycle of references: leave the optional one empty
        }
        path.add(type);
        JsonNode t = typesByName.get(type);
        String id;
        if (kind(type).equals("SYSTEM")) {
            id = systemSample(type, owner, world, path);
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            for (JsonNode f : t.path("fields")) {
                boolean required = f.path("required").asBoolean() && f.path("defaultValue").isNull();
                // The account and contact a record is about: what sharing follows to an external principal.
                boolean account = f.path("type").asText().equals("REFERENCE")
                        && List.of("account", "contact").contains(f.path("referenceTo").asText());
                if (required || f.path("master").asBoolean() || account) {
                    Object v = value(f, owner, world, path);
                    if (v != null) {
                        body.put(f.path("apiName").asText(), v);
                    }
                }
            }
            // Only the hints of fields the type has here: a capability that adds the field may be absent.
            HINTS.getOrDefault(type, Map.of()).forEach((field, v) -> {
                for (JsonNode f : t.path("fields")) {
                    if (f.path("apiName").asText().equals(field)) {
                        body.put(field, v);
                    }
                }
            });
            if (owner != null && !kind(type).equals("CONFIGURATION")) {
                body.put("owner", owner);
            }
            Response r = admin.post("/" + t.path("pluralApiName").asText(), body);
            if (r.status() != 201) {
                fail("Cannot make a sample " + type + " from its metadata: " + r.status() + " " + r.body() + "; add what it needs to HINTS");
            }
            id = r.body().path("id").asText();
        }
        path.remove(type);
        world.put(type, id);
        return id;
    }

    private String systemSample(String type, String owner, Map<String, String> world, List<String> path) {
        for (JsonNode f : typesByName.get(type).path("fields")) {
            if (f.path("type").asText().equals("REFERENCE") && f.path("required").asBoolean()) {
                String parent = sample(f.path("referenceTo").asText(), owner, world, path);
                JsonNode found = admin.get("/" + typesByName.get(type).path("pluralApiName").asText() + "?limit=1&filter="
                        + RestClient.q(f.path("apiName").asText() + " eq '" + parent + "'")).body().path("items");
                if (found.size() > 0) {
                    return found.path(0).path("id").asText();
                }
            }
        }
        if (platformActions.containsKey(type)) {
            return platformActions.get(type).sample(owner, world, path);
        }
        fail("No sample of the system type " + type + ": nothing the platform writes for its references was found; if only an "
                + "outside action makes one, add it to platformActions");
        return null;
    }

    /**
     * A visitor posts the world's web form on the public endpoint, as a website does (without a login, waiting as told
     * when the endpoint limits the posts of one address), and the owner of the world is given the lead it made: the
     * submission the platform kept with that lead is the sample.
     */
    private String visitorPostsWebForm(String owner, Map<String, String> world, List<String> path) {
        String form = sample("webForm", owner, world, path);
        String key = admin.get("/webForms/" + form).body().path("formKey").asText();
        RestClient website = admin.publicSite();
        String fields = "lastName=Sample&email=" + RestClient.q("visitor" + System.nanoTime() + "@example.com");
        Response posted = website.raw("POST", "/forms/leads/" + RestClient.q(key), "application/x-www-form-urlencoded", fields);
        for (int attempt = 0; posted.status() == 429 && attempt < 20; attempt++) {
            try {
                Thread.sleep(1000L * Long.parseLong(posted.header("Retry-After")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            posted = website.raw("POST", "/forms/leads/" + RestClient.q(key), "application/x-www-form-urlencoded", fields);
        }
        if (posted.status() != 201) {
            fail("The sample web form " + key + " took no submission: " + posted.status() + " " + posted.raw().body());
        }
        String lead = posted.body().path("id").asText();
        if (owner != null) {
            Response given = admin.patch("/leads/" + lead, admin.get("/leads/" + lead).header("ETag"), Map.of("owner", owner));
            if (given.status() != 200) {
                fail("Cannot give the posted lead " + lead + " to " + owner + ": " + given.status() + " " + given.body());
            }
        }
        JsonNode found = admin.get("/webFormSubmissions?limit=1&filter=" + RestClient.q("lead eq '" + lead + "'")).body().path("items");
        if (found.size() != 1) {
            fail("A posted web form kept no submission for its lead " + lead);
        }
        return found.path(0).path("id").asText();
    }

    private Object value(JsonNode f, String owner, Map<String, String> world, List<String> path) {
        JsonNode picklist = f.path("picklistValues");
        return switch (f.path("type").asText()) {
            case "REFERENCE" -> sample(f.path("referenceTo").asText(), owner, world, path);
            case "OWNER" -> owner;
            case "INTEGER", "DECIMAL", "PERCENT" -> 1;
            case "MONEY" -> Map.of("amount", 1, "currency", "EUR");
            case "DATE" -> LocalDate.now().plusDays(30).toString();
            case "DATE_TIME" -> "2026-01-01T00:00:00Z";
            case "BOOLEAN" -> false;
            case "PICKLIST" -> picklist.path(0).asText();
            case "MULTI_PICKLIST" -> List.of(picklist.path(0).asText());
            case "EMAIL" -> "sample" + System.nanoTime() + "@example.com";
            case "URL" -> "https://example.com/";
            case "PHONE" -> "+1 555 0100";
            default -> "Sample-" + Long.toString(System.nanoTime(), 36);
        };
    }
}
