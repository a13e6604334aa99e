package org.rapportcrm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.rapportcrm.itests.RestClient.Response;

/**
 * Partner relationship management in the real distribution (one Karaf for the class), installed at runtime: two
 * partners in two tiers; partner B registers a deal, partner A registers the same end customer and is told only that
 * the conflict is under review, while the channel manager sees B's registration as the conflict; approving A's
 * registration protects a new opportunity for A with its tier's discount until the tier's protection ends. Partner B
 * sees nothing of A through lists, records, search or export, and nobody but an approver hands a protected deal on.
 * Market development funds: A requests funds from its allocation (the tier's allowance), the channel manager approves
 * less, A claims with a file as proof, the claim is approved and paid, and the balance says so; B sees none of it.
 * A lead the channel manager distributes is offered to Gold partner A, whose offer runs out unanswered (a short
 * setting): it is recalled on the scheduler and offered to B, who accepts it and works it, while A loses it.
 * An approved claim's proof can no longer change, for anyone. Collateral the channel manager publishes for Gold reaches
 * A (Gold) and not B (Silver); what is for every tier reaches both; drafts reach no one.
 * A channel manager invites a contact of partner A by e-mail (GreenMail); the contact chooses a password with the link
 * and works as a partner user of A.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PrmIT {
    private static final String HTTP_PORT = RapportExam.port(18281);
    private static final String ROOT = "http://localhost:" + HTTP_PORT;
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final RestClient admin = new RestClient(ROOT + "/api/v1").basic("admin", RapportExam.ADMIN_PASSWORD);
    private static final RestClient manager = new RestClient(ROOT + "/api/v1").basic("carla", "password-carla");
    private static final RestClient rep = new RestClient(ROOT + "/api/v1").basic("sam", "password-sam");
    private static final RestClient partnerA = new RestClient(ROOT + "/api/v1").basic("alice@alpha.example", "password-alice");
    private static final RestClient partnerB = new RestClient(ROOT + "/api/v1").basic("bob@beta.example", "password-bob");
    /** What the steps hand on to each other: one boot, one story. */
    private static final Map<String, String> ids = new LinkedHashMap<>();
    private static final int SMTP = Integer.parseInt(RapportExam.port(18225));
    private static final int IMAP = Integer.parseInt(RapportExam.port(18243));
    private static final int MAIL_API = Integer.parseInt(RapportExam.port(18280));
    private static final Pattern LINK = Pattern.compile("(http://\\S+/partners/)#/password/([A-Za-z0-9_-]+)");

    @Configuration
    public Option[] config() {
        List<Option> options = new java.util.ArrayList<>(List.of(RapportExam.distribution(HTTP_PORT, RapportExam.port(18201))));
        // Lead offers of a tier without acceptance hours run out after 7 s, so the recall is seen within the test.
        options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut("etc/org.rapportcrm.prm.leads.cfg",
                "acceptanceHours", "0.002"));
        options.add(systemProperty("rapport.greenmail").value(new File(System.getProperty("rapport.greenmail")).getAbsolutePath()));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "host", "127.0.0.1"));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "port", String.valueOf(SMTP)));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "fromAddress", "channel@rapport.test"));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.prm.portal.cfg", "publicUrl", ROOT));
        return options.toArray(new Option[0]);
    }

    @Test
    public void a_theChannelTeamSetsUpTwoPartnersInTwoTiers() throws Exception {
        // The probe runs as soon as the container is up, which may be before the platform is.
        RapportExam.await(() -> admin.get("/metadata").status() == 200, "the API", 180);
        assertEquals(201, admin.post("/admin/capabilities/rapport-prm", Map.of()).status());
        RapportExam.await(() -> admin.get("/partnerTiers").status() == 200 && admin.get("/dealRegistrations").status() == 200,
                "the PRM capability", 90);
        created(admin.post("/users", Map.of("userName", "carla", "displayName", "Carla Channel", "password", "password-carla",
                "roles", List.of("channel-manager"))));
        created(admin.post("/users", Map.of("userName", "sam", "displayName", "Sam Sales", "password", "password-sam",
                "roles", List.of("sales"))));
        ids.put("gold", created(manager.post("/partnerTiers", Map.of("name", "Gold", "discountPercent", 15, "protectionDays", 60,
                "benefits", "Deal registration, MDF", "mdfAllowance", Map.of("amount", 20000, "currency", "EUR")))).path("id").asText());
        ids.put("silver", created(manager.post("/partnerTiers", Map.of("name", "Silver", "discountPercent", 5))).path("id").asText());
        ids.put("alpha", created(manager.post("/accounts", Map.of("name", "Alpha Integrators", "accountType", "Partner", "isPartner", true,
                "partnerTier", ids.get("gold"), "partnerTerritories", "Germany, Austria", "partnerAgreementStart", TODAY.minusYears(1).toString(),
                "partnerAgreementEnd", TODAY.plusYears(1).toString()))).path("id").asText());
        ids.put("beta", created(manager.post("/accounts", Map.of("name", "Beta Resellers", "accountType", "Partner", "isPartner", true,
                "partnerTier", ids.get("silver")))).path("id").asText());
        ids.put("customer", created(manager.post("/accounts", Map.of("name", "Umbrella Ltd"))).path("id").asText());
        for (String[] u : List.of(new String[] {"alice@alpha.example", "password-alice", "alpha"}, new String[] {"bob@beta.example", "password-bob", "beta"})) {
            created(admin.post("/users", Map.of("userName", u[0], "displayName", u[0], "password", u[1], "roles", List.of("partner"),
                    "accountId", ids.get(u[2]))));
        }
        Response notAPartner = manager.post("/dealRegistrations", Map.of("partnerAccount", ids.get("customer"), "customerName", "Initech",
                "closeDate", TODAY.plusDays(30).toString()));
        assertEquals(notAPartner.raw().body(), 422, notAPartner.status());
        assertEquals("partnerAccount", notAPartner.problemField());
    }

    @Test
    public void b_aRegistrationForTheSameCustomerAsAnotherPartnersIsFlaggedAndOnlyTheManagerSeesWithWhat() {
        JsonNode b = created(partnerB.post("/dealRegistrations", Map.of("customerName", "Acme Corporation", "customerDomain", "https://www.acme.example/",
                "amount", Map.of("amount", 40000, "currency", "EUR"), "closeDate", TODAY.plusDays(45).toString())));
        ids.put("bRegistration", b.path("id").asText());
        assertEquals(ids.get("beta"), b.path("partnerAccount").asText());
        assertEquals("acme.example", b.path("customerDomain").asText());
        assertEquals("None", b.path("conflict").asText());
        assertEquals("Submitted", b.path("status").asText());

        JsonNode a = created(partnerA.post("/dealRegistrations", Map.of("customerName", "ACME Inc.", "customerDomain", "buyer@acme.example",
                "amount", Map.of("amount", 50000, "currency", "EUR"), "closeDate", TODAY.plusDays(60).toString())));
        ids.put("aRegistration", a.path("id").asText());
        assertEquals(ids.get("alpha"), a.path("partnerAccount").asText());
        assertEquals("Under review", a.path("conflict").asText());
        assertFalse("the partner learns nothing of the other deal", a.toString().contains(ids.get("bRegistration")));

        Response asPartner = partnerA.get("/registrationConflicts");
        assertEquals("conflicts are the channel manager's", 403, asPartner.status());
        JsonNode conflicts = manager.get("/registrationConflicts?filter=" + RestClient.q("dealRegistration eq '" + ids.get("aRegistration") + "'"))
                .body().path("items");
        assertEquals(conflicts.toString(), 1, conflicts.size());
        assertEquals(ids.get("bRegistration"), conflicts.path(0).path("otherRegistration").asText());
        assertTrue(conflicts.path(0).path("reason").asText(), conflicts.path(0).path("reason").asText().contains("acme.example"));
    }

    @Test
    public void c_aPartnerRegistersForItselfAndDecidesNothing() {
        Response forB = partnerA.post("/dealRegistrations", Map.of("customerName", "Initech", "closeDate", TODAY.plusDays(30).toString(),
                "partnerAccount", ids.get("beta")));
        assertTrue(forB.raw().body(), forB.status() == 403 || forB.status() == 422);
        assertEquals("partnerAccount", forB.problemField());
        Response selfApproved = partnerA.post("/dealRegistrations", Map.of("customerName", "Initech", "closeDate", TODAY.plusDays(30).toString(),
                "status", "Approved"));
        assertEquals(403, selfApproved.status());
        assertEquals("status", selfApproved.problemField());
        assertEquals(403, partnerA.post("/dealRegistrations/" + ids.get("aRegistration") + "/approval", Map.of()).status());
        Response byHand = manager.patch("/dealRegistrations/" + ids.get("aRegistration"), null, Map.of("status", "Approved", "version", 1));
        assertEquals(byHand.raw().body(), 403, byHand.status());
        assertEquals("status", byHand.problemField());
        Response noReason = manager.post("/dealRegistrations/" + ids.get("bRegistration") + "/rejection", Map.of());
        assertEquals(noReason.raw().body(), 422, noReason.status());
        assertEquals("Submitted", manager.get("/dealRegistrations/" + ids.get("bRegistration")).body().path("status").asText());
    }

    @Test
    public void d_approvalProtectsANewOpportunityForThePartnerWithItsTiersDiscount() {
        Response approved = manager.post("/dealRegistrations/" + ids.get("aRegistration") + "/approval",
                Map.of("reason", "First to register with a qualified contact"));
        assertEquals(approved.raw().body(), 200, approved.status());
        JsonNode registration = approved.body();
        assertEquals("Approved", registration.path("status").asText());
        assertEquals(0, registration.path("discountPercent").decimalValue().compareTo(java.math.BigDecimal.valueOf(15)));
        assertEquals(TODAY.plusDays(60).toString(), registration.path("protectedUntil").asText());
        String opportunityId = registration.path("opportunity").asText();
        assertFalse(opportunityId.isEmpty());
        ids.put("opportunity", opportunityId);

        JsonNode opportunity = manager.get("/opportunities/" + opportunityId).body();
        assertEquals(ids.get("alpha"), opportunity.path("partnerAccount").asText());
        assertEquals(ids.get("aRegistration"), opportunity.path("dealRegistration").asText());
        assertEquals(TODAY.plusDays(60).toString(), opportunity.path("protectedUntil").asText());
        assertEquals(0, opportunity.path("partnerDiscountPercent").decimalValue().compareTo(java.math.BigDecimal.valueOf(15)));
        assertEquals("Partner", opportunity.path("leadSource").asText());
        JsonNode customer = manager.get("/accounts/" + opportunity.path("account").asText()).body();
        assertEquals("ACME Inc.", customer.path("name").asText());

        JsonNode mine = partnerA.get("/dealRegistrations/" + ids.get("aRegistration")).body();
        assertEquals("Approved", mine.path("status").asText());
        assertEquals("First to register with a qualified contact", mine.path("decisionReason").asText());
        assertEquals(opportunityId, partnerA.get("/opportunities/" + opportunityId).body().path("id").asText());

        Response again = manager.post("/dealRegistrations/" + ids.get("aRegistration") + "/approval", Map.of());
        assertEquals(422, again.status());
        assertEquals("status", again.problemField());
        Response rejected = manager.post("/dealRegistrations/" + ids.get("bRegistration") + "/rejection",
                Map.of("reason", "Alpha registered this customer first"));
        assertEquals(rejected.raw().body(), 200, rejected.status());
        assertEquals("Rejected", partnerB.get("/dealRegistrations/" + ids.get("bRegistration")).body().path("status").asText());
    }

    @Test
    public void e_aProtectedDealIsHandedOnOnlyByAnApprover() {
        String id = ids.get("opportunity");
        Response given = admin.patch("/opportunities/" + id, null, Map.of("owner", userId("sam"), "version",
                admin.get("/opportunities/" + id).body().path("version").asLong()));
        assertEquals(given.raw().body(), 200, given.status());
        Response handedOn = rep.patch("/opportunities/" + id, null, Map.of("partnerAccount", ids.get("beta"), "version", given.body().path("version").asLong()));
        assertEquals(handedOn.raw().body(), 403, handedOn.status());
        assertEquals("partnerAccount", handedOn.problemField());
        Response worked = rep.patch("/opportunities/" + id, null, Map.of("nextStep", "Demo on Friday", "version", given.body().path("version").asLong()));
        assertEquals(worked.raw().body(), 200, worked.status());
        assertEquals(ids.get("alpha"), worked.body().path("partnerAccount").asText());
    }

    @Test
    public void f_partnerBSeesNothingOfPartnerAAnywhere() {
        List<String> ofA = List.of(ids.get("alpha"), ids.get("aRegistration"), ids.get("opportunity"));
        for (String path : List.of("/dealRegistrations?limit=200", "/opportunities?limit=200", "/accounts?limit=200", "/leads?limit=200",
                "/search?q=ACME&limit=50", "/search?q=Alpha&limit=50", "/dealRegistrations/" + ids.get("aRegistration"),
                "/opportunities/" + ids.get("opportunity"), "/accounts/" + ids.get("alpha"), "/dealRegistrations/" + ids.get("aRegistration") + "/history")) {
            Response r = partnerB.get(path);
            assertTrue(path + " answered " + r.status(), r.status() < 500);
            for (String id : ofA) {
                if (!path.contains(id)) { // a 404 names the path it was asked
                    assertFalse(path + " shows A's " + id, r.raw().body().contains(id));
                }
            }
        }
        assertEquals(404, partnerB.get("/dealRegistrations/" + ids.get("aRegistration")).status());
        assertEquals(404, partnerB.get("/opportunities/" + ids.get("opportunity")).status());
        JsonNode own = partnerB.get("/dealRegistrations").body().path("items");
        assertEquals(1, own.size());
        assertEquals(ids.get("bRegistration"), own.path(0).path("id").asText());
        for (String type : List.of("dealRegistrations", "opportunities", "accounts")) {
            assertEquals("partners do not export", 403, partnerB.get("/" + type + "/export?format=csv").status());
        }
        assertEquals(403, partnerB.get("/partnerTiers").status());
        assertEquals(403, partnerB.get("/registrationConflicts").status());
        assertEquals(403, partnerB.post("/dealRegistrations/" + ids.get("aRegistration") + "/rejection", Map.of("reason", "mine")).status());
        assertEquals("A's registration stays as approved", "Approved",
                manager.get("/dealRegistrations/" + ids.get("aRegistration")).body().path("status").asText());
    }

    @Test
    public void g_thePartnerPortalIsServedWithTheConsolesSecurityHeaders() {
        RestClient site = new RestClient(ROOT);
        Response page = site.get("/partners/");
        assertEquals(200, page.status());
        assertTrue(page.raw().body().contains("/app/ext/partners/partners.js"));
        assertNotNull(page.header("Content-Security-Policy"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertEquals(200, site.get("/app/ext/partners/partners.js").status());
        assertEquals(200, site.get("/app/sdk/page-v1.js").status());
        assertEquals(404, site.get("/partners/anything").status());
    }

    @Test
    public void h_aPartnerRequestsFundsIsApprovedForLessClaimsWithProofIsPaidAndTheBalanceFollows() {
        String year = String.valueOf(TODAY.getYear());
        JsonNode allocation = created(manager.post("/mdfAllocations", Map.of("partnerAccount", ids.get("alpha"), "period", year)));
        ids.put("allocation", allocation.path("id").asText());
        assertEquals("the Gold tier's yearly allowance", 0, allocation.path("amount").path("amount").decimalValue().compareTo(java.math.BigDecimal.valueOf(20000)));
        created(manager.post("/mdfAllocations", Map.of("partnerAccount", ids.get("beta"), "period", year, "amount", eur(5000))));

        Response tooMuch = partnerA.post("/mdfRequests", mdfRequest(ids.get("allocation"), 20001));
        assertEquals(tooMuch.raw().body(), 422, tooMuch.status());
        assertEquals("amount", tooMuch.problemField());
        JsonNode request = created(partnerA.post("/mdfRequests", mdfRequest(ids.get("allocation"), 8000)));
        ids.put("mdfRequest", request.path("id").asText());
        assertEquals(ids.get("alpha"), request.path("partnerAccount").asText());
        Response selfApproved = partnerA.post("/mdfRequests/" + ids.get("mdfRequest") + "/approval", Map.of());
        assertEquals(403, selfApproved.status());
        Response approved = manager.post("/mdfRequests/" + ids.get("mdfRequest") + "/approval", Map.of("approvedAmount", 6000,
                "reason", "Without the print ads"));
        assertEquals(approved.raw().body(), 200, approved.status());
        assertEquals("Approved", approved.body().path("status").asText());

        Response aboveApproved = partnerA.post("/mdfClaims", Map.of("mdfRequest", ids.get("mdfRequest"), "description", "Webinars held",
                "amount", eur(6000.5)));
        assertEquals(aboveApproved.raw().body(), 422, aboveApproved.status());
        assertEquals("amount", aboveApproved.problemField());
        JsonNode claim = created(partnerA.post("/mdfClaims", Map.of("mdfRequest", ids.get("mdfRequest"), "description", "Webinars held",
                "amount", eur(5000))));
        ids.put("mdfClaim", claim.path("id").asText());
        Response noProof = manager.post("/mdfClaims/" + ids.get("mdfClaim") + "/approval", Map.of());
        assertEquals(noProof.raw().body(), 422, noProof.status());
        assertEquals("files", noProof.problemField());
        Response proof = partnerA.upload("/mdfClaims/" + ids.get("mdfClaim") + "/files", "text/csv",
                "webinar,attendees\nBasics,81\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(proof.raw().body(), 201, proof.status());
        ids.put("proof", proof.body().path("id").asText());
        assertEquals(200, manager.post("/mdfClaims/" + ids.get("mdfClaim") + "/approval", Map.of("reason", "Attendee list received")).status());
        proofIsFrozen("approved");
        Response paid = manager.post("/mdfClaims/" + ids.get("mdfClaim") + "/payment", Map.of("paymentReference", "SEPA-0042"));
        assertEquals(paid.raw().body(), 200, paid.status());
        assertEquals("Paid", paid.body().path("status").asText());
        proofIsFrozen("paid");

        JsonNode balance = partnerA.get("/mdfAllocations/" + ids.get("allocation")).body();
        Map<String, Integer> expected = Map.of("amount", 20000, "requested", 0, "approved", 6000, "claimed", 5000, "paid", 5000, "remaining", 14000);
        expected.forEach((figure, value) -> assertEquals(figure + " in " + balance, 0,
                balance.path(figure).path("amount").decimalValue().compareTo(java.math.BigDecimal.valueOf(value))));
        JsonNode card = partnerA.get("/partnerScorecards/" + ids.get("alpha")).body();
        assertEquals(card.toString(), 0, card.path("mdfPaid").decimalValue().compareTo(java.math.BigDecimal.valueOf(5000)));
    }

    @Test
    public void i_partnerBSeesNothingOfPartnerAsFunds() {
        List<String> ofA = List.of(ids.get("allocation"), ids.get("mdfRequest"), ids.get("mdfClaim"), ids.get("proof"));
        for (String path : List.of("/mdfAllocations?limit=200", "/mdfRequests?limit=200", "/mdfClaims?limit=200", "/partnerScorecards",
                "/search?q=Webinar&limit=50")) {
            Response r = partnerB.get(path);
            assertEquals(path, 200, r.status());
            for (String id : ofA) {
                assertFalse(path + " shows A's " + id, r.raw().body().contains(id));
            }
        }
        for (String path : List.of("/mdfAllocations/" + ids.get("allocation"), "/mdfRequests/" + ids.get("mdfRequest"),
                "/mdfClaims/" + ids.get("mdfClaim"), "/mdfClaims/" + ids.get("mdfClaim") + "/files", "/files/" + ids.get("proof"),
                "/partnerScorecards/" + ids.get("alpha"))) {
            assertEquals(path, 404, partnerB.get(path).status());
        }
        assertEquals(404, partnerB.post("/mdfClaims/" + ids.get("mdfClaim") + "/rejection", Map.of("reason", "mine")).status());
        Response fromAsFunds = partnerB.post("/mdfRequests", mdfRequest(ids.get("allocation"), 100));
        assertEquals(fromAsFunds.raw().body(), 422, fromAsFunds.status());
        assertEquals("allocation", fromAsFunds.problemField());
        assertEquals(1, manager.get("/mdfRequests").body().path("items").size());
        RestClient site = new RestClient(ROOT);
        assertEquals(200, site.get("/app/ext/partners/partner-programme.js").status());
        assertEquals(200, site.get("/app/ext/prm-console/mdf-page.js").status());
    }

    /** Once the claim is decided, its proof is what the money rests on: no one adds to it or deletes it, admins neither. */
    private static void proofIsFrozen(String status) {
        for (RestClient anyone : List.of(partnerA, admin)) {
            Response more = anyone.upload("/mdfClaims/" + ids.get("mdfClaim") + "/files", "text/plain",
                    "late proof".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(more.raw().body(), 409, more.status());
            assertEquals("file", more.problemField());
            assertTrue(more.raw().body(), more.body().path("detail").asText().contains("The claim is " + status));
            Response gone = anyone.raw("DELETE", "/files/" + ids.get("proof"), "application/json", "");
            assertEquals(gone.raw().body(), 409, gone.status());
        }
        assertEquals(1, manager.get("/mdfClaims/" + ids.get("mdfClaim") + "/files").body().path("items").size());
    }

    private static Map<String, Object> mdfRequest(String allocation, double amount) {
        return Map.of("allocation", allocation, "activityName", "Cloud webinars", "activityType", "Webinar",
                "startDate", TODAY.plusDays(10).toString(), "endDate", TODAY.plusDays(40).toString(), "amount", eur(amount), "expectedLeads", 50);
    }

    private static Map<String, Object> eur(double amount) {
        return Map.of("amount", amount, "currency", "EUR");
    }

    @Test
    public void j_aDistributedLeadIsOfferedToTheBestPartnerAndTheOtherSeesNothing() throws Exception {
        JsonNode gold = manager.get("/partnerTiers/" + ids.get("gold")).body();
        assertEquals(200, manager.patch("/partnerTiers/" + ids.get("gold"), null, Map.of("leadRank", 1, "version", gold.path("version").asLong())).status());
        JsonNode silver = manager.get("/partnerTiers/" + ids.get("silver")).body();
        assertEquals(200, manager.patch("/partnerTiers/" + ids.get("silver"), null, Map.of("leadRank", 2, "leadAcceptanceHours", 24,
                "version", silver.path("version").asLong())).status());
        JsonNode beta = manager.get("/accounts/" + ids.get("beta")).body();
        assertEquals(200, manager.patch("/accounts/" + ids.get("beta"), null, Map.of("partnerTerritories", "Germany, France",
                "version", beta.path("version").asLong())).status());
        String lead = created(manager.post("/leads", Map.of("lastName", "Schmidt", "company", "Globex GmbH", "country", "Germany",
                "email", "schmidt@globex.example"))).path("id").asText();
        ids.put("lead", lead);

        assertEquals(403, partnerA.post("/leads/" + lead + "/distribute", Map.of()).status());
        Response distributed = manager.post("/leads/" + lead + "/distribute", Map.of());
        assertEquals(distributed.raw().body(), 200, distributed.status());
        JsonNode offer = distributed.body();
        ids.put("firstOffer", offer.path("id").asText());
        assertEquals("Gold beats Silver in Germany", ids.get("alpha"), offer.path("partnerAccount").asText());
        assertEquals("Offered", offer.path("status").asText());
        assertTrue(offer.path("scoreBreakdown").asText(), offer.path("scoreBreakdown").asText().contains("tier: Gold (rank 1)"));
        Response again = manager.post("/leads/" + lead + "/distribute", Map.of());
        assertEquals(409, again.status());
        assertEquals("lead", again.problemField());

        assertEquals(offer.path("id").asText(), partnerA.get("/leadOffers").body().path("items").path(0).path("id").asText());
        assertEquals("the lead itself waits for the acceptance", 404, partnerA.get("/leads/" + lead).status());
        for (String path : List.of("/leadOffers?limit=200", "/leads?limit=200", "/search?q=Globex&limit=50", "/leadOffers/" + ids.get("firstOffer"),
                "/leads/" + lead)) {
            Response r = partnerB.get(path);
            assertTrue(path + " answered " + r.status(), r.status() < 500);
            assertFalse(path + " shows A's offer", !path.contains(ids.get("firstOffer")) && r.raw().body().contains(ids.get("firstOffer")));
            assertFalse(path + " shows the lead", !path.contains(lead) && r.raw().body().contains(lead));
        }
        assertEquals(0, partnerB.get("/leadOffers").body().path("items").size());
        assertEquals(404, partnerB.get("/leadOffers/" + ids.get("firstOffer")).status());
        assertEquals("another partner's offer", 404, partnerB.post("/leadOffers/" + ids.get("firstOffer") + "/acceptance", Map.of()).status());
    }

    @Test
    public void k_anUnansweredOfferIsRecalledAndTheNextPartnerAcceptsAndWorksTheLead() throws Exception {
        String first = ids.get("firstOffer");
        RapportExam.await(() -> "Recalled".equals(manager.get("/leadOffers/" + first).body().path("status").asText()),
                "the offer recalled at its deadline", 90);
        Response late = partnerA.post("/leadOffers/" + first + "/acceptance", Map.of());
        assertEquals(late.raw().body(), 409, late.status());
        assertEquals("status", late.problemField());

        JsonNode open = manager.get("/leadOffers?filter=" + RestClient.q("lead eq '" + ids.get("lead") + "' and status eq 'Offered'"))
                .body().path("items");
        assertEquals(open.toString(), 1, open.size());
        assertEquals("re-routed to the next partner", ids.get("beta"), open.path(0).path("partnerAccount").asText());
        String second = open.path(0).path("id").asText();

        Response noReason = partnerB.post("/leadOffers/" + second + "/rejection", Map.of());
        assertTrue(noReason.raw().body(), noReason.status() == 400 || noReason.status() == 422);
        assertEquals("reason", noReason.problemField());
        Response accepted = partnerB.post("/leadOffers/" + second + "/acceptance", Map.of());
        assertEquals(accepted.raw().body(), 200, accepted.status());
        assertEquals("Accepted", accepted.body().path("status").asText());

        JsonNode lead = partnerB.get("/leads/" + ids.get("lead")).body();
        assertEquals("Schmidt", lead.path("lastName").asText());
        Response worked = partnerB.patch("/leads/" + ids.get("lead"), null, Map.of("status", "Working", "version", lead.path("version").asLong()));
        assertEquals(worked.raw().body(), 200, worked.status());
        Response qualified = partnerB.patch("/leads/" + ids.get("lead"), null, Map.of("status", "Qualified", "version",
                worked.body().path("version").asLong()));
        assertEquals(qualified.raw().body(), 200, qualified.status());
        assertEquals("Qualified", manager.get("/leads/" + ids.get("lead")).body().path("status").asText());
        Response more = partnerB.patch("/leads/" + ids.get("lead"), null, Map.of("email", "x@beta.example", "version",
                qualified.body().path("version").asLong()));
        assertEquals(403, more.status());

        assertEquals("the recalled lead is gone from A", 404, partnerA.get("/leads/" + ids.get("lead")).status());
        assertEquals("Recalled", partnerA.get("/leadOffers/" + first).body().path("status").asText());
    }

    @Test
    public void l_partnersOfTwoTiersSeeTheCollateralOfTheirOwnTierAndDownloadItsFiles() {
        ids.put("goldKit", created(manager.post("/partnerCollateral", Map.of("title", "Gold price list", "kind", "Price list",
                "status", "Published", "partnerTier", ids.get("gold")))).path("id").asText());
        ids.put("silverKit", created(manager.post("/partnerCollateral", Map.of("title", "Silver onboarding", "kind", "Training",
                "status", "Published", "partnerTier", ids.get("silver")))).path("id").asText());
        ids.put("everyKit", created(manager.post("/partnerCollateral", Map.of("title", "Product overview", "kind", "Brochure",
                "status", "Published"))).path("id").asText());
        ids.put("goldDraft", created(manager.post("/partnerCollateral", Map.of("title", "Gold programme next year", "kind", "Presentation",
                "partnerTier", ids.get("gold")))).path("id").asText());
        Response prices = manager.upload("/partnerCollateral/" + ids.get("goldKit") + "/files", "text/csv",
                "product,partner price\nCloud,1020\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(prices.raw().body(), 201, prices.status());
        String pricesFile = prices.body().path("id").asText();

        assertEquals(List.of(ids.get("goldKit"), ids.get("everyKit")), collateralOf(partnerA));
        assertEquals(List.of(ids.get("everyKit"), ids.get("silverKit")), collateralOf(partnerB));
        assertEquals("product,partner price\nCloud,1020\n", partnerA.get("/files/" + pricesFile).raw().body());
        for (String path : List.of("/partnerCollateral/" + ids.get("goldKit"), "/partnerCollateral/" + ids.get("goldKit") + "/files",
                "/files/" + pricesFile, "/partnerCollateral/" + ids.get("goldDraft"))) {
            assertEquals(path, 404, partnerB.get(path).status());
        }
        Response found = partnerB.get("/search?q=Gold&limit=50");
        assertFalse(found.raw().body(), found.raw().body().contains(ids.get("goldKit")));
        assertEquals(404, partnerA.get("/partnerCollateral/" + ids.get("goldDraft")).status());
        Response planted = partnerA.post("/partnerCollateral", Map.of("title", "Ours", "kind", "Other", "status", "Published"));
        assertEquals(planted.raw().body(), 403, planted.status());
        assertEquals(200, new RestClient(ROOT).get("/app/ext/partners/partner-programme.js").status());
    }

    private static List<String> collateralOf(RestClient partner) {
        Response r = partner.get("/partnerCollateral?limit=50&sort=title");
        assertEquals(r.raw().body(), 200, r.status());
        List<String> found = new java.util.ArrayList<>();
        r.body().path("items").forEach(c -> found.add(c.path("id").asText()));
        return found;
    }

    @Test
    public void m_aChannelManagerInvitesAPartnersContactWhoChoosesAPasswordAndWorksAsThePartner() throws Exception {
        String annaAddress = "anna@alpha.example";
        String anna = created(manager.post("/contacts", Map.of("firstName", "Anna", "lastName", "Alpha", "email", annaAddress,
                "account", ids.get("alpha")))).path("id").asText();
        String noEmail = created(manager.post("/contacts", Map.of("lastName", "Silent", "account", ids.get("alpha")))).path("id").asText();
        String customer = created(manager.post("/contacts", Map.of("lastName", "Buyer", "email", "buyer@umbrella.example",
                "account", ids.get("customer")))).path("id").asText();
        Response bySales = rep.post("/contacts/" + anna + "/partnerInvitation", Map.of());
        assertEquals("inviting partners is the channel manager's", 403, bySales.status());
        Response withoutEmail = manager.post("/contacts/" + noEmail + "/partnerInvitation", Map.of());
        assertEquals(422, withoutEmail.status());
        assertEquals("email", withoutEmail.problemField());
        Response notAPartner = manager.post("/contacts/" + customer + "/partnerInvitation", Map.of());
        assertEquals(422, notAPartner.status());
        assertEquals("account", notAPartner.problemField());

        try (GreenMailProcess greenMail = GreenMailProcess.start(new File(System.getProperty("karaf.data"), "greenmail.log"),
                "channel:secret@rapport.test", SMTP, IMAP, MAIL_API)) {
            Response invited = manager.post("/contacts/" + anna + "/partnerInvitation", Map.of());
            assertEquals(invited.raw().body(), 201, invited.status());
            assertEquals(annaAddress, invited.body().path("userName").asText());
            MimeMessage invitation = greenMail.awaitMessage(annaAddress, "Your access to our partner portal", 90);
            Matcher link = LINK.matcher(String.valueOf(invitation.getContent()));
            assertTrue("the e-mail has the link", link.find());
            assertEquals(ROOT + "/partners/", link.group(1));
            RestClient anonymous = new RestClient(ROOT + "/api/v1");
            Response chosen = anonymous.post("/invitations/password", Map.of("token", link.group(2), "password", "anna-chose-this"));
            assertEquals(chosen.raw().body(), 200, chosen.status());
            Response again = anonymous.post("/invitations/password", Map.of("token", link.group(2), "password", "anna-again-123"));
            assertEquals("the link works once", "used", again.body().path("errors").path(0).path("code").asText());
        }
        RestClient partnerAnna = new RestClient(ROOT + "/api/v1").basic(annaAddress, "anna-chose-this");
        JsonNode self = partnerAnna.get("/users").body().path("items").path(0);
        assertEquals(self.toString(), ids.get("alpha"), self.path("accountId").asText());
        assertEquals("a partner user of A, as the contact invited", anna, self.path("contactId").asText());
        String registrations = partnerAnna.get("/dealRegistrations?limit=200").raw().body();
        assertTrue("A's registrations are hers", registrations.contains(ids.get("aRegistration")));
        assertFalse("B's are not", registrations.contains(ids.get("bRegistration")));
        String history = manager.get("/contacts/" + anna + "/history").raw().body();
        assertTrue(history, history.contains("INVITED") && history.contains("ACCEPTED"));
    }

    private static String userId(String userName) {
        for (JsonNode u : admin.get("/users?limit=200").body().path("items")) {
            if (u.path("userName").asText().equals(userName)) {
                return u.path("id").asText();
            }
        }
        throw new AssertionError("no user " + userName);
    }

    private static JsonNode created(Response r) {
        assertEquals(r.raw().body(), 201, r.status());
        return r.body();
    }
}
