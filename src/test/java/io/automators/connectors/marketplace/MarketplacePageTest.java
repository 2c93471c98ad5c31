package io.automators.connectors.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.api.DemoDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The marketplace page (/marketplace) in a real headless Chromium against the running runtime: sign
 * in with a workspace key, search and filter the catalog, open a connector, connect PostgreSQL to the
 * demo database through the generated form, run its query from Try it, see the routing decision,
 * disconnect; the same connect by keyboard alone; a bad key; a phone's width. Screenshots land in
 * target/marketplace-screenshots/.
 *
 * <p>Needs Debian's chromium and chromium-driver (CI installs them); Selenium never downloads a
 * browser or a driver here.
 */
class MarketplacePageTest extends MarketplaceBrowserSupport {

    // ---------------------------------------------------------------- the tests

    @Test
    void servesThePageFromTheJarWithItsSecurityHeaders() {
        for (String path : List.of("/marketplace", "/marketplace/", "/marketplace/index.html")) {
            Response page = call("GET", path, null, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("<script type=\"module\" src=\"/marketplace/app.js\"></script>");
            assertThat(page.body()).as("no inline script").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
            String csp = page.header("Content-Security-Policy");
            assertThat(csp).contains("default-src 'self'", "img-src 'self' data: https:", "frame-ancestors 'none'",
                    "script-src 'self'");
            assertThat(csp).doesNotContain("unsafe-inline");
            assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
        Response script = call("GET", "/marketplace/app.js", null, null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        assertThat(script.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(script.body()).doesNotContain("innerHTML", "localStorage.setItem", "document.cookie");
        assertThat(call("GET", "/marketplace/app.css", null, null).status()).isEqualTo(200);
        // The API stays as it was: no key, no answer.
        assertThat(call("GET", "/api/v1/connectors", null, null).status()).isEqualTo(401);
    }

    @Test
    void browsesConnectsRunsAQueryAndDisconnects() {
        Tenant t = newWorkspace("pro");
        browser(1280, 900);
        open();
        screenshot("sign-in");
        signIn(t.apiKey());

        // The key lives in this tab's sessionStorage only.
        assertThat(js("return sessionStorage.getItem(arguments[0])", KEY_STORAGE)).isEqualTo(t.apiKey());
        assertThat(js("return localStorage.length")).isEqualTo(0L);
        assertThat(js("return document.cookie")).isEqualTo("");
        assertThat(driver.manage().getCookies()).isEmpty();
        assertThat(driver.getCurrentUrl()).doesNotContain(t.apiKey());

        // Landmarks.
        for (String landmark : List.of("header", "main", "nav")) {
            assertThat(driver.findElements(By.tagName(landmark))).as(landmark).anyMatch(WebElement::isDisplayed);
        }

        int total = call("GET", "/api/v1/connectors?size=100", t.apiKey(), null).json().get("total").asInt();
        wait.until(d -> visibleCards().size() == total);
        assertThat(text("count")).isEqualTo(total + " connectors");
        assertThat(visibleCards()).contains("postgresql", "slack", "gmail");
        assertThat(status("postgresql")).isEqualTo("not-connected");
        assertThat(driver.findElement(By.cssSelector("#card-postgresql .icon")).getText()).isEqualTo("PS");
        screenshot("catalog");

        // Search as you type narrows the list.
        driver.findElement(By.id("search")).sendKeys("postgresql");
        wait.until(d -> visibleCards().equals(List.of("postgresql")));
        assertThat(text("count")).isEqualTo("1 of " + total + " connectors");
        driver.findElement(By.id("search")).clear();
        driver.findElement(By.id("search")).sendKeys("zz-no-such-connector");
        wait.until(d -> visibleCards().isEmpty());
        assertThat(text("count")).startsWith("No connector matches");
        clearSearch();
        wait.until(d -> visibleCards().size() == total);

        // The category filter, built from the categories present.
        Select category = new Select(driver.findElement(By.id("category")));
        assertThat(category.getOptions().stream().map(o -> o.getAttribute("value")).toList())
                .contains("", "database", "communication", "crm");
        category.selectByValue("database");
        JsonNode databases = call("GET", "/api/v1/connectors?size=100&category=database", t.apiKey(), null).json();
        List<String> databaseIds = StreamSupport.stream(databases.get("items").spliterator(), false)
                .map(n -> n.get("id").asText()).toList();
        wait.until(d -> visibleCards().equals(databaseIds));
        assertThat(visibleCards()).contains("postgresql", "mysql").doesNotContain("slack");
        screenshot("category-database");

        // The detail of a connector: its actions and their input fields from the schema.
        driver.findElement(By.id("card-postgresql")).click();
        waitVisible("detail");
        wait.until(d -> text("detail-title").equals("PostgreSQL"));
        assertThat(active().getAttribute("id")).isEqualTo("detail-title");
        assertThat(text("detail-status")).isEqualTo("Not connected");
        String actions = text("actions");
        assertThat(actions).contains("execute_query", "list_tables", "sql", "params", "array of string | number | integer | boolean | null");
        assertThat(driver.findElement(By.cssSelector("#actions .action:first-child .fields li:first-child")).getText())
                .contains("sql", "string", "REQUIRED");
        screenshot("detail");

        // Connect through the form generated from auth.credentials.
        driver.findElement(By.id("connect")).click();
        wait.until(d -> driver.findElement(By.id("connect-dialog")).getAttribute("open") != null);
        assertThat(driver.findElement(By.id("credential-port")).getAttribute("type")).isEqualTo("number");
        assertThat(driver.findElement(By.id("credential-password")).getAttribute("type")).isEqualTo("password");
        assertThat(driver.findElement(By.id("credential-password")).getAttribute("autocomplete")).isEqualTo("off");
        assertThat(driver.findElement(By.id("credential-host")).getAttribute("required")).isNotNull();
        assertThat(driver.findElement(By.id("credential-sslMode")).getAttribute("required")).isNull();
        assertThat(driver.findElements(By.cssSelector("#connect-dialog label[for='credential-host']"))).hasSize(1);
        Map<String, Object> demo = DemoDatabase.credentials();
        driver.findElement(By.id("connect-name")).sendKeys("demo");
        for (String field : List.of("host", "port", "database", "username", "password")) {
            driver.findElement(By.id("credential-" + field)).sendKeys(String.valueOf(demo.get(field)));
        }
        assertEveryFieldIsLabelled();
        screenshot("connect-form");
        driver.findElement(By.id("connect-submit")).click();
        wait.until(d -> text("detail-status").equals("Connected"));
        wait.until(d -> "connected".equals(status("postgresql")));
        assertThat(driver.findElement(By.id("connect-dialog")).getAttribute("open")).isNull();
        assertThat(text("connections")).contains("demo (default)", "Connected");
        JsonNode stored = call("GET", "/api/v1/connections", t.apiKey(), null).json();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("connectorId").asText()).isEqualTo("postgresql");
        assertThat(stored.get(0).get("name").asText()).isEqualTo("demo");
        assertThat(stored.get(0).get("status").asText()).isEqualTo("connected");

        // Try it: invalid JSON is reported next to the input, and no call is made.
        Select action = new Select(driver.findElement(By.id("try-action")));
        action.selectByValue("execute_query");
        WebElement input = driver.findElement(By.id("try-input"));
        assertThat(input.getAttribute("value")).contains("SELECT name, email FROM customers WHERE plan = ?");
        js("window.__apiCalls = 0; const f = window.fetch;"
                + " window.fetch = (...args) => { window.__apiCalls++; return f(...args); };");
        replaceText(input, "{\"sql\": ");
        driver.findElement(By.id("try-run")).click();
        wait.until(d -> !text("try-input-error").isEmpty());
        assertThat(text("try-input-error")).startsWith("Not valid JSON");
        assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.id("try-result")).isDisplayed()).isFalse();
        assertThat(js("return window.__apiCalls")).isEqualTo(0L);

        // ... and a real query runs on the demo database.
        replaceText(input, "{\"sql\": \"SELECT name, email FROM customers WHERE plan = ?\", \"params\": [\"pro\"]}");
        driver.findElement(By.id("try-run")).click();
        waitVisible("try-result");
        wait.until(d -> !text("try-trace").isEmpty() && !text("try-output").isEmpty());
        assertThat(text("try-input-error")).isEmpty();
        assertThat(js("return window.__apiCalls")).isEqualTo(2L); // the action and the routing decision
        String traceId = text("try-trace");
        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(text("try-output")).contains("Ada Lovelace", "ada@example.com").doesNotContain("Alan Turing");
        assertThat(text("try-status")).isEqualTo("execute_query ran (trace id " + traceId + ").");
        assertThat(text("try-ran-by")).isEqualTo("runtime-stored-key (rule 2)");
        assertThat(text("decision-rule")).startsWith("2");
        assertThat(text("decision-provider")).isEqualTo("runtime-stored-key");
        assertThat(text("decision-reason")).isNotEmpty();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Response trace = call("GET", "/api/v1/traces/" + traceId, t.apiKey(), null);
            assertThat(trace.status()).isEqualTo(200);
            assertThat(trace.json().get("eventLogs")).hasSize(1);
            assertThat(trace.json().at("/eventLogs/0/context/tool_id").asText()).isEqualTo("postgresql.execute_query");
        });
        js("arguments[0].scrollIntoView({block: 'start'})", driver.findElement(By.id("try-title")));
        screenshot("try-it");

        // The list and the detail side by side, connected: the README's picture.
        category.selectByValue("");
        wait.until(d -> visibleCards().size() == total);
        js("window.scrollTo(0, 0); document.activeElement.blur()");
        screenshot("list-and-detail");

        // Disconnect: the status flips back on the page and in the API.
        driver.findElement(By.cssSelector("#connections button.disconnect")).click();
        wait.until(d -> text("detail-status").equals("Not connected"));
        wait.until(d -> "not-connected".equals(status("postgresql")));
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
        assertThat(text("notice")).contains("removed");
        screenshot("disconnected");

        assertEveryFieldIsLabelled();
        // Nothing the Content-Security-Policy refused, no script error.
        List<String> console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertThat(console).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Uncaught")
                || m.contains("Error:"));

        // Escape closes the detail and gives the focus back to its card.
        active().sendKeys(Keys.ESCAPE);
        wait.until(d -> !driver.findElement(By.id("detail")).isDisplayed());
        assertThat(active().getAttribute("id")).isEqualTo("card-postgresql");

        // A 401 (the key revoked or wrong) goes back to the sign-in form with the problem's detail.
        js("sessionStorage.setItem(arguments[0], 'amk_revoked')", KEY_STORAGE);
        driver.navigate().refresh();
        waitVisible("sign-in");
        wait.until(d -> text("alert").contains("unknown or revoked API key"));
        assertThat(js("return sessionStorage.getItem(arguments[0])", KEY_STORAGE)).isNull();

        // Sign out forgets the key.
        signIn(t.apiKey());
        driver.findElement(By.id("sign-out")).click();
        waitVisible("sign-in");
        assertThat(js("return sessionStorage.getItem(arguments[0])", KEY_STORAGE)).isNull();
        assertThat(driver.findElement(By.id("market")).isDisplayed()).isFalse();
    }

    @Test
    void connectsWithTheKeyboardAlone() {
        Tenant t = newWorkspace("free");
        browser(1280, 900);
        open();
        // Tab, Enter, Escape and typing only, from the first focus on.
        wait.until(d -> "api-key".equals(active().getAttribute("id")));
        keys(t.apiKey(), Keys.ENTER);
        waitVisible("market");
        wait.until(d -> "search".equals(active().getAttribute("id")));
        keys("postgresql");
        wait.until(d -> visibleCards().equals(List.of("postgresql")));
        tabTo("card-postgresql");
        assertThat(outlineOf(active())).as("a visible focus outline").isNotEqualTo("none");
        keys(Keys.ENTER);
        waitVisible("detail");
        wait.until(d -> "detail-title".equals(active().getAttribute("id")) && text("detail-title").equals("PostgreSQL"));

        tabTo("connect");
        keys(Keys.ENTER);
        wait.until(d -> driver.findElement(By.id("connect-dialog")).getAttribute("open") != null);
        assertThat(active().getAttribute("id")).isEqualTo("credential-host");
        keys(Keys.ESCAPE); // closes the dialog, back on the button that opened it
        wait.until(d -> driver.findElement(By.id("connect-dialog")).getAttribute("open") == null);
        assertThat(active().getAttribute("id")).isEqualTo("connect");

        keys(Keys.ENTER);
        wait.until(d -> "credential-host".equals(active().getAttribute("id")));
        Map<String, Object> demo = DemoDatabase.credentials();
        keys(String.valueOf(demo.get("host")));
        for (String field : List.of("port", "database", "username", "password")) {
            tabTo("credential-" + field);
            keys(String.valueOf(demo.get(field)));
        }
        screenshot("keyboard-connect-form");
        tabTo("connect-submit");
        keys(Keys.ENTER);
        wait.until(d -> text("detail-status").equals("Connected"));
        wait.until(d -> "detail-title".equals(active().getAttribute("id")));
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0).get("status").asText())
                .isEqualTo("connected");
        screenshot("keyboard-connected");

        keys(Keys.ESCAPE);
        wait.until(d -> !driver.findElement(By.id("detail")).isDisplayed());
        assertThat(active().getAttribute("id")).isEqualTo("card-postgresql");
        wait.until(d -> "connected".equals(status("postgresql")));
    }

    @Test
    void aBadKeyShowsTheProblemsDetail() {
        browser(1280, 900);
        open();
        driver.findElement(By.id("api-key")).sendKeys("amk_not-a-key");
        driver.findElement(By.id("sign-in-submit")).click();
        wait.until(d -> text("alert").contains("unknown or revoked API key"));
        assertThat(driver.findElement(By.id("alert")).getAttribute("role")).isEqualTo("alert");
        assertThat(driver.findElement(By.id("sign-in")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("market")).isDisplayed()).isFalse();
        assertThat(js("return sessionStorage.getItem(arguments[0])", KEY_STORAGE)).isNull();
        assertThat(driver.getCurrentUrl()).doesNotContain("amk_not-a-key");
        screenshot("bad-key");

        // The browser logged the refused call (so the console check of the other test sees what it checks)...
        List<String> console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertThat(console).anyMatch(m -> m.contains("401"));
        // ... and the page's Content-Security-Policy holds: an injected inline script does not run.
        js("const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                + " document.head.append(s);");
        assertThat(js("return window.inlineRan === true")).isEqualTo(false);
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage))
                .anyMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    void fitsAPhoneWithoutHorizontalScrolling() {
        Tenant t = newWorkspace("free");
        browser(375, 800);
        // The window alone may not go below the browser's minimum width: the viewport is set exactly.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 800, "deviceScaleFactor", 1, "mobile", true));
        open();
        assertThat(js("return window.innerWidth")).isEqualTo(375L);
        assertNoHorizontalScroll("sign-in");
        signIn(t.apiKey());
        wait.until(d -> visibleCards().size() > 20);
        assertNoHorizontalScroll("catalog");
        List<Long> lefts = driver.findElements(By.cssSelector("#cards > li:not([hidden])")).stream()
                .map(li -> (long) li.getLocation().getX()).distinct().toList();
        assertThat(lefts).as("one column").hasSize(1);
        screenshot("phone-catalog");
        driver.findElement(By.id("card-gmail")).click();
        waitVisible("detail");
        wait.until(d -> text("detail-title").equals("Gmail"));
        assertNoHorizontalScroll("gmail detail");
        screenshot("phone-detail");
        // An OAuth connector without Nango or a client configured: the problems' detail, readable.
        driver.findElement(By.id("connect")).click();
        wait.until(d -> !text("alert").isEmpty());
        assertThat(text("alert")).contains("Gmail could not be connected");
        assertNoHorizontalScroll("gmail problem");
        driver.findElement(By.id("detail-close")).click();
        driver.findElement(By.id("card-postgresql")).click();
        wait.until(d -> text("detail-title").equals("PostgreSQL"));
        driver.findElement(By.id("connect")).click();
        wait.until(d -> driver.findElement(By.id("connect-dialog")).getAttribute("open") != null);
        assertNoHorizontalScroll("connect form");
        screenshot("phone-connect-form");
    }

    // ---------------------------------------------------------------- helpers

    private void clearSearch() {
        WebElement search = driver.findElement(By.id("search"));
        search.clear();
        search.sendKeys("x", Keys.BACK_SPACE); // an input event, as a user's clearing sends
    }

    private void replaceText(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    /** Keys to whatever has the focus, as a keyboard sends them. */
    private void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Tab (only forwards) until the element with this id has the focus. */
    private void tabTo(String id) {
        Predicate<WebElement> there = e -> id.equals(e.getAttribute("id"));
        for (int i = 0; i < 60 && !there.test(active()); i++) {
            keys(Keys.TAB);
        }
        assertThat(active().getAttribute("id")).as("Tab reaches #" + id).isEqualTo(id);
    }

    private String outlineOf(WebElement element) {
        return element.getCssValue("outline-style");
    }

    /** Every visible field has a label (a <label for> or an aria-label). */
    private void assertEveryFieldIsLabelled() {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) js("return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(e => e.offsetParent !== null || e.getClientRects().length > 0)"
                + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))"
                + ".map(e => e.id || e.name || e.outerHTML)");
        assertThat(unlabelled).as("fields without a label").isEmpty();
    }

    private void assertNoHorizontalScroll(String where) {
        long scrollWidth = (Long) js("return document.documentElement.scrollWidth");
        long innerWidth = (Long) js("return window.innerWidth");
        assertThat(scrollWidth).as("no horizontal scroll (" + where + ")").isLessThanOrEqualTo(innerWidth);
    }
}
