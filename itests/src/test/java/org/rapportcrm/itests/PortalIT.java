package org.rapportcrm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.rapportcrm.itests.RestClient.Response;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.UserService;

/**
 * The customer portal in the real distribution (one Karaf for the class) with a real mail server, GreenMail: an agent
 * invites a contact, the invitation arrives over IMAP, its link sets the password once, the customer signs in with
 * the platform's session and opens a case that reaches the service team with channel Portal. Then what a customer of
 * account A can never do to account B's cases through every endpoint the portal uses (read, reply, upload, close,
 * open one for B), what they never see of the service team's work, and the password reset by e-mail.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PortalIT {
    private static final String HTTP_PORT = RapportExam.port(18781);
    private static final String ROOT = "http://localhost:" + HTTP_PORT;
    private static final int SMTP = Integer.parseInt(RapportExam.port(18725));
    private static final int IMAP = Integer.parseInt(RapportExam.port(18743));
    private static final int API = Integer.parseInt(RapportExam.port(18780));
    private static GreenMailProcess greenMail;
    private static final String CUSTOMER = "ann.jones@acme.rapport.test";
    private static final String PASSWORD = "ann-chose-this-password";
    private static final Pattern LINK = Pattern.compile("(http://\\S+/portal/)#/password/([A-Za-z0-9_-]+)");
    private static final RestClient admin = new RestClient(ROOT + "/api/v1").basic("admin", RapportExam.ADMIN_PASSWORD);
    private static final RestClient agent = new RestClient(ROOT + "/api/v1").basic("sam", "password-sam");
    /** What the steps hand on to each other: one boot, one story. */
    private static final Map<String, String> ids = new LinkedHashMap<>();
    private static RestClient customer;

    @Inject
    private RecordService records;

    @Inject
    private UserService users;

    @Inject
    private ConfigurationAdmin configurations;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(RapportExam.distribution(HTTP_PORT, RapportExam.port(18701))));
        options.add(systemProperty("rapport.greenmail").value(new File(System.getProperty("rapport.greenmail")).getAbsolutePath()));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "host", "127.0.0.1"));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "port", String.valueOf(SMTP)));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "fromAddress", "support@rapport.test"));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.service.portal.cfg", "publicUrl", ROOT));
        return options.toArray(Option[]::new);
    }

    /** Started once for the class (Pax Exam runs the class's hooks around every method), gone with the container. */
    private static void ensureGreenMail() {
        if (greenMail == null || !greenMail.isAlive()) {
            greenMail = startGreenMail();
        }
    }

    private static GreenMailProcess startGreenMail() {
        return GreenMailProcess.start(new File(System.getProperty("karaf.data"), "greenmail.log"), "support:secret@rapport.test", SMTP, IMAP, API);
    }

    @Test
    public void a_anInvitedContactChoosesAPasswordSignsInAndOpensACaseTheServiceTeamSees() throws Exception {
        ensureGreenMail();
        assertEquals(201, admin.post("/admin/capabilities/rapport-service", Map.of()).status());
        RapportExam.await(() -> admin.get("/metadata/case").status() == 200 && admin.get("/portal/me").status() == 403, "the portal", 90);
        users.createUser(Actor.system(), new NewUser("sam", "Sam Service", "sam@rapport.test", "password-sam", Set.of("service"), Set.of()));
        ids.put("acme", records.create(Actor.system(), "account", Map.of("name", "Acme")).getId());
        ids.put("globex", records.create(Actor.system(), "account", Map.of("name", "Globex")).getId());
        ids.put("ann", records.create(Actor.system(), "contact", Map.of("firstName", "Ann", "lastName", "Jones", "email", CUSTOMER,
                "account", ids.get("acme"))).getId());
        ids.put("bCase", records.create(Actor.system(), "case", Map.of("subject", "Globex's secret outage", "account", ids.get("globex"))).getId());

        Response invited = agent.post("/contacts/" + ids.get("ann") + "/portalInvitation", Map.of());
        assertEquals(invited.raw().body(), 201, invited.status());
        assertEquals(CUSTOMER, invited.body().path("userName").asText());
        MimeMessage invitation = greenMail.awaitMessage(CUSTOMER, "Your access to our customer portal", 60);
        assertEquals("auto-generated", invitation.getHeader("Auto-Submitted", null));
        Matcher link = LINK.matcher(String.valueOf(invitation.getContent()));
        assertTrue("the e-mail has the link", link.find());
        assertEquals(ROOT + "/portal/", link.group(1));
        String token = link.group(2);

        Response tooShort = new RestClient(ROOT + "/api/v1").post("/portal/password", Map.of("token", token, "password", "short"));
        assertEquals(422, tooShort.status());
        assertEquals("password", tooShort.problemField());
        Response chosen = new RestClient(ROOT + "/api/v1").post("/portal/password", Map.of("token", token, "password", PASSWORD));
        assertEquals(chosen.raw().body(), 200, chosen.status());
        assertEquals(CUSTOMER, chosen.body().path("userName").asText());
        Response again = new RestClient(ROOT + "/api/v1").post("/portal/password", Map.of("token", token, "password", "another-password-1"));
        assertEquals(422, again.status());
        assertEquals("token", again.problemField());
        assertEquals("used", again.body().path("errors").path(0).path("code").asText());

        customer = signIn(CUSTOMER, PASSWORD);
        JsonNode me = customer.get("/portal/me").body();
        assertEquals(ids.get("ann"), me.path("contactId").asText());
        assertEquals(ids.get("acme"), me.path("accountId").asText());

        Response opened = customer.post("/cases", Map.of("subject", "The printer is on fire", "description", "Smoke everywhere",
                "category", "Technical"));
        assertEquals(opened.raw().body(), 201, opened.status());
        String caseId = opened.body().path("id").asText();
        ids.put("aCase", caseId);
        JsonNode seen = agent.get("/cases/" + caseId).body();
        assertEquals("Portal", seen.path("channel").asText());
        assertEquals(ids.get("ann"), seen.path("contact").asText());
        assertEquals(ids.get("acme"), seen.path("account").asText());
        assertEquals("The printer is on fire", seen.path("subject").asText());
        String filter = RestClient.q("channel eq 'Portal' and contact eq '" + ids.get("ann") + "'");
        assertTrue(agent.get("/cases?filter=" + filter).raw().body().contains(caseId));
    }

    @Test
    public void b_theCustomerSeesTheirCaseButNotTheServiceTeamsInternals() {
        JsonNode mine = customer.get("/cases/" + ids.get("aCase")).body();
        assertEquals("The printer is on fire", mine.path("subject").asText());
        for (String internal : List.of("queue", "slaPolicy", "slaEvents", "accountTier", "resolutionWarningAt")) {
            assertFalse(internal + " is hidden", mine.has(internal));
        }
        Response byInternal = customer.get("/cases?filter=" + RestClient.q("queue eq 'x'"));
        assertEquals("no filter oracle on a hidden field", 400, byInternal.status());
        assertTrue(customer.get("/cases").raw().body().contains(ids.get("aCase")));
        JsonNode metadata = customer.get("/metadata/case").body();
        assertFalse(metadata.toString().contains("\"slaEvents\""));
    }

    @Test
    public void c_aCustomerOfAccountAReachesNothingOfAccountBsCasesThroughThePortalsEndpoints() {
        String theirs = ids.get("bCase");
        Response list = customer.get("/cases?limit=200");
        assertFalse(list.raw().body().contains(theirs));
        assertEquals(404, customer.get("/cases/" + theirs).status());
        assertEquals(404, customer.get("/cases/" + theirs + "/files").status());
        Response close = customer.patch("/cases/" + theirs, null, Map.of("status", "Closed", "version", 1));
        assertTrue("closing B's case: " + close.status(), close.status() == 404 || close.status() == 403);
        Response upload = customer.upload("/cases/" + theirs + "/files", "text/plain", "not yours".getBytes(),
                "Content-Disposition", "attachment; filename=\"x.txt\"");
        assertTrue("uploading to B's case: " + upload.status(), upload.status() == 404 || upload.status() == 403);
        Response forB = customer.post("/cases", Map.of("subject", "On Globex's bill", "account", ids.get("globex")));
        assertEquals("a case for another account", 403, forB.status());
        assertEquals("account", forB.problemField());
        Response searched = customer.get("/search?q=" + RestClient.q("Globex secret"));
        assertFalse(searched.raw().body().contains(theirs));
        JsonNode b = agent.get("/cases/" + theirs).body();
        assertNotEquals("Closed", b.path("status").asText());
        assertEquals(0, agent.get("/cases/" + theirs + "/files").body().path("items").size());
    }

    @Test
    public void d_aCustomerUploadsToTheirCaseAndMayResolveOrCloseItButChangeNothingElse() {
        String mine = ids.get("aCase");
        Response upload = customer.upload("/cases/" + mine + "/files", "text/plain", "the smoke detector's log".getBytes(),
                "Content-Disposition", "attachment; filename=\"smoke.txt\"");
        assertEquals(upload.raw().body(), 201, upload.status());
        assertTrue(agent.get("/cases/" + mine + "/files").raw().body().contains("smoke.txt"));

        long version = customer.get("/cases/" + mine).body().path("version").asLong();
        Response priority = customer.patch("/cases/" + mine, null, Map.of("priority", "Urgent", "version", version));
        assertEquals(403, priority.status());
        assertEquals("priority", priority.problemField());
        Response waiting = customer.patch("/cases/" + mine, null, Map.of("status", "Waiting on third party", "version", version));
        assertEquals(422, waiting.status());
        assertEquals("status", waiting.problemField());
        Response resolved = customer.patch("/cases/" + mine, null, Map.of("status", "Resolved", "version", version));
        assertEquals(resolved.raw().body(), 200, resolved.status());
        assertEquals("Resolved", agent.get("/cases/" + mine).body().path("status").asText());

        Response channel = customer.post("/cases", Map.of("subject", "By phone, really", "channel", "Phone"));
        assertEquals(403, channel.status());
        assertEquals("channel", channel.problemField());
    }

    @Test
    public void e_customerAndServiceTeamTalkInTheCasesCommentsWhichCountAsReplies() {
        String mine = ids.get("aCase");
        Response asked = customer.post("/caseComments", Map.of("case", mine, "body", "Is anyone there?", "fromCustomer", false));
        assertEquals(asked.raw().body(), 201, asked.status());
        assertTrue("a customer's comment is theirs whatever they send", asked.body().path("fromCustomer").asBoolean());
        assertFalse(agent.get("/cases/" + mine).body().path("customerRepliedAt").isNull());

        Response answered = agent.post("/caseComments", Map.of("case", mine, "body", "Yes: a technician is on the way."));
        assertEquals(answered.raw().body(), 201, answered.status());
        assertFalse(answered.body().path("fromCustomer").asBoolean());
        assertFalse(agent.get("/cases/" + mine).body().path("lastResponseAt").isNull());
        String thread = customer.get("/caseComments?filter=" + RestClient.q("case eq '" + mine + "'") + "&sort=createdAt").raw().body();
        assertTrue(thread, thread.indexOf("Is anyone there?") < thread.indexOf("a technician is on the way"));

        String bComment = records.create(Actor.system(), "caseComment", Map.of("case", ids.get("bCase"), "body", "Globex internal matters")).getId();
        Response onB = customer.post("/caseComments", Map.of("case", ids.get("bCase"), "body", "Let me in"));
        assertTrue("commenting on B's case: " + onB.status(), onB.status() == 403 || onB.status() == 404 || onB.status() == 422);
        assertFalse(customer.get("/caseComments?limit=200").raw().body().contains(bComment));
        assertEquals(404, customer.get("/caseComments/" + bComment).status());
        long version = customer.get("/caseComments/" + asked.body().path("id").asText()).body().path("version").asLong();
        assertEquals("a comment stays as written", 403, customer.patch("/caseComments/" + asked.body().path("id").asText(), null,
                Map.of("body", "I never said that", "version", version)).status());
    }

    @Test
    public void eb_customerAndServiceTeamHoldOneConversationInTheCasesEmailThread() {
        String mine = ids.get("aCase");
        Response written = customer.post("/cases/" + mine + "/customerMessage", Map.of("text", "The fire is out, but the printer smells."));
        assertEquals(written.raw().body(), 201, written.status());
        assertEquals("a resolved case the customer writes on is open again", "Open", agent.get("/cases/" + mine).body().path("status").asText());
        String thread = "/caseMessages?filter=" + RestClient.q("case eq '" + mine + "'") + "&sort=createdAt";
        assertTrue(agent.get(thread).raw().body().contains("the printer smells"));

        Response answered = agent.post("/cases/" + mine + "/reply", Map.of("text", "Open a window: a technician is coming."));
        assertEquals(answered.raw().body(), 201, answered.status());
        JsonNode seen = customer.get(thread).body().path("items");
        assertEquals(2, seen.size());
        assertEquals("Inbound", seen.get(0).path("direction").asText());
        assertEquals("Open a window: a technician is coming.", seen.get(1).path("textBody").asText());
        assertFalse("which agent sent it stays with the service team", seen.get(1).has("sentBy"));

        String bCase = ids.get("bCase");
        records.create(Actor.system(), "caseMessage", Map.of("case", bCase, "direction", "Inbound", "kind", "Message",
                "messageId", "<globex-1@rapport.test>", "textBody", "Globex secret thread"));
        assertFalse(customer.get("/caseMessages?limit=200").raw().body().contains("Globex secret thread"));
        Response onB = customer.post("/cases/" + bCase + "/customerMessage", Map.of("text", "Let me in"));
        assertEquals(404, onB.status());
        Response blank = customer.post("/cases/" + mine + "/customerMessage", Map.of("text", " "));
        assertEquals(422, blank.status());
        assertEquals("text", blank.problemField());
        assertEquals("staff answer with the reply action", 403, agent.post("/cases/" + mine + "/customerMessage", Map.of("text", "As if")).status());
    }

    @Test
    public void ec_aCustomerReadsOnlyTheCasesWhoseContactTheyAreUnlessThePortalShowsTheirAccounts() throws Exception {
        String colleague = records.create(Actor.system(), "contact", Map.of("firstName", "Bob", "lastName", "Jones",
                "email", "bob.jones@acme.rapport.test", "account", ids.get("acme"))).getId();
        String theirs = records.create(Actor.system(), "case", Map.of("subject", "Bob's phone is broken", "account", ids.get("acme"),
                "contact", colleague)).getId();
        String theirComment = records.create(Actor.system(), "caseComment", Map.of("case", theirs, "body", "Bob's own matter")).getId();

        assertFalse("by default customers see their own cases", customer.get("/portal/me").body().path("accountCases").asBoolean());
        String listed = customer.get("/cases?limit=200").raw().body();
        assertTrue(listed.contains(ids.get("aCase")));
        assertFalse("the colleague's case is not listed", listed.contains(theirs));
        assertEquals(404, customer.get("/cases/" + theirs).status());
        assertEquals(404, customer.get("/cases/" + theirs + "/files").status());
        assertFalse(customer.get("/caseComments?limit=200").raw().body().contains(theirComment));
        assertEquals(404, customer.get("/caseComments/" + theirComment).status());
        assertFalse(customer.get("/search?q=" + RestClient.q("phone broken")).raw().body().contains(theirs));
        assertEquals(0, customer.get("/cases?count=true&limit=1&filter=" + RestClient.q("contact eq '" + colleague + "'")).body().path("total").asInt());
        Response reply = customer.post("/caseComments", Map.of("case", theirs, "body", "Me too"));
        assertTrue("commenting on the colleague's case: " + reply.status(), reply.status() == 403 || reply.status() == 404 || reply.status() == 422);

        portalShowsAccountCases(true);
        RapportExam.await(() -> customer.get("/cases/" + theirs).status() == 200, "the account's cases, once the setting is on", 60);
        assertTrue(customer.get("/caseComments?limit=200").raw().body().contains(theirComment));
        portalShowsAccountCases(false);
        RapportExam.await(() -> customer.get("/cases/" + theirs).status() == 404, "own cases only again", 60);
    }

    /** The administrator's portal setting, changed as the Karaf console or the etc/ file would. */
    private void portalShowsAccountCases(boolean on) throws Exception {
        org.osgi.service.cm.Configuration portal = configurations.getConfiguration("org.rapportcrm.service.portal", "?");
        Dictionary<String, Object> settings = portal.getProperties() == null ? new Hashtable<>() : portal.getProperties();
        settings.put("accountCases", on);
        portal.update(settings);
    }

    @Test
    public void f_portalUsersReachNoStaffEndpointAndStaffHaveNoPortalProfile() {
        assertEquals(403, customer.get("/admin/capabilities").status());
        JsonNode known = customer.get("/users").body().path("items");
        assertEquals("a customer knows only themself", 1, known.size());
        assertEquals(CUSTOMER, known.path(0).path("userName").asText());
        assertEquals(403, customer.post("/contacts/" + ids.get("ann") + "/portalInvitation", Map.of()).status());
        assertEquals(403, customer.post("/users", Map.of("userName", "x", "displayName", "x", "password", "password-x", "roles", List.of("admin"))).status());
        assertEquals(403, agent.get("/portal/me").status());
        Response page = new RestClient(ROOT).get("/portal/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertEquals(200, new RestClient(ROOT).get("/app/ext/portal/portal.js").status());
    }

    @Test
    public void g_aForgottenPasswordIsResetByEmailAndTheOldOneStopsWorking() throws Exception {
        RestClient anonymous = new RestClient(ROOT + "/api/v1");
        assertEquals(202, anonymous.post("/portal/passwordReset", Map.of("email", "nobody@acme.rapport.test")).status());
        assertEquals(202, anonymous.post("/portal/passwordReset", Map.of("email", CUSTOMER.toUpperCase())).status());
        MimeMessage reset = greenMail.awaitMessage(CUSTOMER, "Reset your portal password", 60);
        Matcher link = LINK.matcher(String.valueOf(reset.getContent()));
        assertTrue(link.find());
        Response chosen = anonymous.post("/portal/password", Map.of("token", link.group(2), "password", "ann-chose-a-new-one"));
        assertEquals(chosen.raw().body(), 200, chosen.status());
        assertEquals(401, anonymous.post("/session", Map.of("userName", CUSTOMER, "password", PASSWORD)).status());
        assertEquals("the old session ended with the password", 401, customer.get("/portal/me").status());
        signIn(CUSTOMER, "ann-chose-a-new-one");
    }

    /** Signs in as the portal page does: the session cookie, and its CSRF token on every change. */
    private static RestClient signIn(String userName, String password) {
        Response session = new RestClient(ROOT + "/api/v1").post("/session", Map.of("userName", userName, "password", password));
        assertEquals(session.raw().body(), 200, session.status());
        String cookie = session.header("Set-Cookie").split(";")[0];
        return new RestClient(ROOT + "/api/v1").header("Cookie", cookie).header("X-CSRF-Token", session.body().path("csrfToken").asText());
    }
}
