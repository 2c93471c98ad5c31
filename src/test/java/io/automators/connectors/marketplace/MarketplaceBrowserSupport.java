package io.automators.connectors.marketplace;

import static org.assertj.core.api.Assertions.fail;

import io.automators.connectors.ApiTestSupport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the marketplace page's browser tests share: the system's headless Chromium and its driver
 * (never downloaded), one browser per test, signing in on the page, reading it, and screenshots into
 * target/marketplace-screenshots/.
 */
abstract class MarketplaceBrowserSupport extends ApiTestSupport {

    static final String CHROMIUM = System.getProperty("marketplace.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("marketplace.chromedriver", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/marketplace-screenshots");
    static final String KEY_STORAGE = "automators.marketplace.apiKey";

    ChromeDriver driver;
    WebDriverWait wait;
    String testName;

    @BeforeAll
    static void findChromium() throws IOException {
        for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(program))) {
                fail(program + " is missing: the marketplace page's browser test needs Chromium and its driver"
                        + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)");
            }
        }
        // The driver is named, and so is the browser below: Selenium Manager is never asked for either.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void name(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    void browser(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=en-US", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--metrics-recording-only", "--password-store=basic");
        // One driver process per browser: quitting the browser stops its driver too.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** The page, as this runtime serves it. */
    String pageUrl() {
        return "http://127.0.0.1:" + port + "/marketplace";
    }

    void open() {
        driver.get(pageUrl());
        waitVisible("sign-in");
    }

    void signIn(String key) {
        WebElement field = driver.findElement(By.id("api-key"));
        field.clear();
        field.sendKeys(key);
        driver.findElement(By.id("sign-in-submit")).click();
        waitVisible("market");
        wait.until(d -> !visibleCards().isEmpty());
    }

    void waitVisible(String id) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    List<String> visibleCards() {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) js("return [...document.querySelectorAll('#cards > li')]"
                + ".filter(li => !li.hidden).map(li => li.dataset.id)");
        return ids;
    }

    String status(String connector) {
        List<WebElement> badge = driver.findElements(By.cssSelector("#card-" + connector + " .status"));
        return badge.isEmpty() ? null : badge.get(0).getAttribute("data-status");
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText().strip();
    }

    WebElement active() {
        return driver.switchTo().activeElement();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** What the browser's console logged since the last call. */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    void screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(testName + "-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
