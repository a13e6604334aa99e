package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.rapportcrm.itests.RestClient.Response;

/**
 * A partner's user uses the partner portal in headless Chromium on a phone-sized screen: signs in, registers a deal
 * for a customer another partner registered first, is told the conflict is under review, and finds the registration
 * in its list, requests market development funds and sees the balance go down, opens its scorecard, with no error in
 * the browser's console (a CSP violation would be one), and finds its tier's collateral with its file to download;
 * accepts a lead offered to its company (on a connection slow enough that the page it left answers after the leads
 * page showed) and moves the lead on to qualified. A server of its own, with the PRM capability installed at runtime.
 */
class PartnerPortalBrowserIT {
    private static final String PASSWORD = "browser-partner-password";
    private static RapportServer.Running running;
    private static ConsoleBrowser browser;
    private static ConsoleBrowser leadsBrowser;

    @BeforeAll
    static void aServerWithTwoPartners() throws InterruptedException {
        running = RapportServer.startOwn();
        RestClient admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-prm", Map.of()).status());
        RapportExam.await(() -> admin.get("/dealRegistrations").status() == 200, "the PRM capability", 90);
        String gold = admin.post("/partnerTiers", Map.of("name", "Gold")).body().path("id").asText();
        String first = admin.post("/accounts", Map.of("name", "Northwind Partners", "isPartner", true, "partnerTerritories", "Germany",
                "partnerTier", gold)).body().path("id").asText();
        String priceList = admin.post("/partnerCollateral", Map.of("title", "Gold price list", "kind", "Price list", "status", "Published",
                "partnerTier", gold)).body().path("id").asText();
        Response file = admin.raw("POST", "/partnerCollateral/" + priceList + "/files", "text/plain", "Cloud: 1020 EUR");
        assertEquals(201, file.status(), file.raw().body());
        String other = admin.post("/accounts", Map.of("name", "Contoso Consulting", "isPartner", true)).body().path("id").asText();
        Response earlier = admin.post("/dealRegistrations", Map.of("partnerAccount", other, "customerName", "Globex",
                "customerDomain", "globex.example", "closeDate", LocalDate.now().plusDays(20).toString()));
        assertEquals(201, earlier.status(), earlier.raw().body());
        Response user = admin.post("/users", Map.of("userName", "paula@northwind.example", "displayName", "Paula", "password", PASSWORD,
                "roles", List.of("partner"), "accountId", first));
        assertEquals(201, user.status(), user.raw().body());
        Response funds = admin.post("/mdfAllocations", Map.of("partnerAccount", first, "period", String.valueOf(LocalDate.now().getYear()),
                "amount", Map.of("amount", 5000, "currency", "EUR")));
        assertEquals(201, funds.status(), funds.raw().body());
        String lead = admin.post("/leads", Map.of("lastName", "Vogel", "firstName", "Lena", "company", "Alpenblick Hotels",
                "city", "Munich", "country", "Germany")).body().path("id").asText();
        Response offered = admin.post("/leads/" + lead + "/distribute", Map.of());
        assertEquals(200, offered.status(), offered.raw().body());
        assertEquals(first, offered.body().path("partnerAccount").asText());
    }

    @AfterAll
    static void stop() throws IOException {
        for (ConsoleBrowser b : new ConsoleBrowser[] {browser, leadsBrowser}) {
            if (b != null) {
                b.close();
            }
        }
        if (running != null) {
            running.close();
        }
    }

    @Test
    void aPartnerSignsInRegistersADealAndSeesItListedWithItsConflictUnderReview() throws IOException {
        browser = ConsoleBrowser.phone(390, 844);
        browser.screenshotOnFailure("PartnerPortalBrowserIT", () -> {
            browser.driver.get(running.server.baseUrl + "/partners/");
            browser.deep("h1", "Sign in");
            browser.deep("input[name=userName]", null).sendKeys("paula@northwind.example");
            browser.deep("input[name=password]", null).sendKeys(PASSWORD);
            browser.click(browser.deep("button[type=submit]", "Sign in"));
            browser.deep("h1", "Deal registrations");
            browser.deep("p.muted", "You have registered no deal yet.");

            browser.click(browser.deep("nav a", "Register a deal"));
            browser.deep("h1", "Register a deal");
            browser.deep("input[name=customerName]", null).sendKeys("Globex Corporation");
            browser.deep("input[name=customerDomain]", null).sendKeys("buyer@globex.example");
            browser.deep("input[name=amount]", null).sendKeys("25000");
            // A date input takes typed dates in the browser's locale: set the ISO value as a date picker would.
            ((JavascriptExecutor) browser.driver).executeScript("arguments[0].value = arguments[1]",
                    browser.deep("input[name=closeDate]", null), LocalDate.now().plusDays(40).toString());
            browser.click(browser.deep("button[type=submit]", "Register"));

            browser.deep("h1", "Deal registrations");
            browser.deep("#status", "the channel manager reviews the conflict");
            WebElement listed = browser.deep("td", "Globex Corporation");
            assertEquals(true, listed.isDisplayed());
            browser.deep(".badge.review", "Conflict under review");

            browser.click(browser.deep("nav a", "Funds"));
            browser.deep("h1", "Market development funds");
            browser.click(browser.deep("a", "Request funds for an activity"));
            browser.deep("h1", "Request funds");
            browser.deep("input[name=activityName]", null).sendKeys("Partner webinar");
            browser.deep("input[name=amount]", null).sendKeys("1200");
            for (String[] date : new String[][] {{"startDate", "10"}, {"endDate", "12"}}) {
                ((JavascriptExecutor) browser.driver).executeScript("arguments[0].value = arguments[1]",
                        browser.deep("input[name=" + date[0] + "]", null), LocalDate.now().plusDays(Integer.parseInt(date[1])).toString());
            }
            browser.click(browser.deep("button[type=submit]", "Request funds"));
            browser.deep("h1", "Market development funds");
            browser.deep("#status", "Requested.");
            browser.deep("td", "Partner webinar");
            browser.deep("td[data-figure=remaining]", "800"); // 3,800 left in whatever locale the browser formats it

            browser.click(browser.deep("nav a", "Scorecard"));
            browser.deep("table[data-testid=scorecard] th", "Win rate");

            browser.click(browser.deep("nav a", "Collateral"));
            browser.deep("h1", "Collateral");
            browser.deep("td", "Gold price list");
            browser.deep("td a[download]", null);
            assertEquals(List.of(), browser.consoleErrors(), "the browser's console stays clean");
        });
    }

    @Test
    void aPartnerAcceptsALeadOfferedToItsCompanyAndQualifiesTheLead() throws IOException {
        leadsBrowser = ConsoleBrowser.phone(390, 844);
        ConsoleBrowser b = leadsBrowser;
        b.screenshotOnFailure("PartnerPortalBrowserIT-leads", () -> {
            b.driver.get(running.server.baseUrl + "/partners/#/leads");
            b.deep("input[name=userName]", null).sendKeys("paula@northwind.example");
            b.deep("input[name=password]", null).sendKeys(PASSWORD);
            assertEquals(false, b.present("nav").isDisplayed(), "no way into the portal's pages before signing in");
            // On a slow connection the registrations the sign-in opens come in after the partner went on to Leads:
            // they arrive, and the leads page stays.
            b.js("""
                    const fetchNow = window.fetch;
                    window.fetch = (url, ...rest) => {
                      if (!String(url).includes('/dealRegistrations')) return fetchNow(url, ...rest);
                      window.registrationsAsked = true;
                      return new Promise(wait => setTimeout(wait, 1500)).then(() => fetchNow(url, ...rest))
                          .finally(() => setTimeout(() => { window.registrationsCameLate = true; }, 300));
                    };""");
            b.click(b.deep("button[type=submit]", "Sign in"));
            b.waiting("the registrations asked for").until(d -> Boolean.TRUE.equals(b.js("return window.registrationsAsked === true")));
            b.click(b.deep("nav a", "Leads"));
            b.deep("td", "Alpenblick Hotels · Munich, Germany");
            b.waiting("the registrations' late answer").until(d -> Boolean.TRUE.equals(b.js("return window.registrationsCameLate === true")));
            assertEquals("Leads", b.js("return document.querySelector('#main h1').textContent"));
            b.deep("p.muted", "No lead is given to your company.");
            b.click(b.deep("button[data-action=accept]", "Accept"));

            b.deep("#status", "is now in your leads");
            b.deep("td", "Lena Vogel");
            b.deep("p.muted", "No lead is waiting for your answer.");
            new org.openqa.selenium.support.ui.Select(b.deep("select", null)).selectByVisibleText("Qualified");
            b.deep("#status", "Vogel: Qualified");
            assertEquals(List.of(), b.consoleErrors(), "the browser's console stays clean");
        });
    }
}
