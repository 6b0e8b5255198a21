package org.edgepki.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The edgepki Web Console pages in a real browser (headless Debian chromium): the launched
 * runtime in development mode shows its certificates and expiry timeline, renews the edgeHub
 * server certificate from its Renew now button, shows the quickstart warning among its checks and
 * runs every check from Run all checks (the console's own form posts pass its origin rule); a page
 * of another site that posts a form to Web Console's configuration is refused, though the browser
 * sends the cached login along.
 * Screenshots of both pages go to {@code target/screenshots/}.
 */
public class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String EDGE_CA = "aziot-edged-ca";
    private static final String EDGE_HUB = "aziot-edged/module/edgeHub:server";
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    /**
     * Selenium 4.27 has no CDP implementation for this chromium and warns about it at every start;
     * the test uses no CDP. Strong references: JUL keeps loggers weakly.
     */
    private static final Logger[] QUIET = {
        Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
        Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver")};

    static {
        for (Logger logger : QUIET) {
            logger.setLevel(Level.OFF);
        }
    }

    @Test
    public void the_console_lists_the_certificates_renews_edgeHub_on_a_click_and_shows_the_quickstart_warning()
            throws Exception {
        requireChromium();
        String framework = EdgePkiRuntime.framework();
        Path home = EdgePkiRuntime.newStateDirectory("console");
        try (LaunchedRuntime runtime = LaunchedRuntime.start(home, LaunchedRuntime.freePort(), true)) {
            runtime.awaitOutput("edgeHub server certificate for ");
            assertEquals(runtime.output(), 200, runtime.awaitConsole("/edgepki-certificates"));

            Path profile = Files.createTempDirectory("edgepki-chromium-");
            WebDriver browser = null;
            try {
                browser = chromium(profile);
                // The credentials of the first address stay with the browser for the POST, its
                // redirect and the later pages.
                browser.get(runtime.console().replace("http://", "http://admin:admin@") + "/edgepki-certificates");
                await(browser, "the Certificates page (logged in as admin/admin)", By.id("edgepki-certificates"));

                WebElement edgeCa = row(browser, EDGE_CA);
                // The quickstart Edge CA is not renewed by edgepki: the page shows it as stored.
                assertEquals("self_signed", cell(edgeCa, "method"));
                assertTrue(cell(edgeCa, "serial"), cell(edgeCa, "serial").matches("[0-9A-F]+"));
                assertTrue("the expiry timeline", browser.findElement(By.id("edgepki-timeline")).isDisplayed());
                assertEquals("svg", browser.findElement(By.id("edgepki-timeline")).getTagName());
                assertEquals(1, browser.findElements(By.cssSelector(
                        "#edgepki-timeline g.edgepki-timeline-row[data-id='" + EDGE_CA + "']")).size());

                String before = cell(row(browser, EDGE_HUB), "serial");
                assertTrue(before, before.matches("[0-9A-F]+"));
                row(browser, EDGE_HUB).findElement(By.cssSelector("button.renew")).click();
                WebElement notice = await(browser, "the notice after Renew now", By.cssSelector("p.edgepki-notice"));
                String after = cell(row(browser, EDGE_HUB), "serial");
                assertNotEquals("a new serial after Renew now", before, after);
                assertTrue(after, after.matches("[0-9A-F]+"));
                assertTrue(notice.getText(), notice.getText().startsWith(
                        "Renewed " + EDGE_HUB + ": serial " + before + " → " + after + ", expires "));
                assertTrue(notice.getAttribute("class"), notice.getAttribute("class").contains("ui-state-highlight"));
                screenshot(browser, "console-certificates-" + framework + ".png");

                browser.get(runtime.console() + "/edgepki-checks");
                WebElement warning = await(browser, "the quickstart warning on the Checks page",
                        By.cssSelector("table.edgepki-checks tr.warning[data-check='edge-ca-method']"));
                assertTrue(warning.getText(), warning.getText().contains(EDGE_CA));
                assertTrue(warning.getText(), warning.getText().contains("quickstart Edge CA"));
                assertTrue(browser.findElement(By.cssSelector("p.statline")).getText()
                        .contains("have not run since the start"));
                browser.findElement(By.cssSelector("form.run-all button")).click();
                WebElement ran = await(browser, "the notice after Run all checks", By.cssSelector("p.edgepki-notice"));
                assertTrue(ran.getText(), ran.getText().startsWith("Ran every check at "));
                await(browser, "the time of the full run", By.cssSelector("span.reached-at"));
                screenshot(browser, "console-checks-" + framework + ".png");

                // Another site's page posts a form to the console; the browser sends its cached login along.
                try (AttackingSite site = new AttackingSite(runtime.console() + "/configMgr/org.edgepki.browser.attack")) {
                    WebDriver attacked = browser;
                    attacked.get(site.url());
                    new WebDriverWait(attacked, PAGE_TIMEOUT).withMessage(() -> "the refusal: " + attacked.getPageSource())
                            .until(page -> page.getPageSource().contains("Refused: the request comes from another site"));
                }
                LaunchedRuntime.ConsoleAnswer configurations = runtime.get("/status-Configurations.txt", "admin", "admin");
                assertEquals(200, configurations.status());
                assertFalse("the attack changed nothing", configurations.body().contains("org.edgepki.browser.attack"));
            } finally {
                if (browser != null) {
                    browser.quit();
                }
                deleteRecursively(profile);
            }
            runtime.stop();
        }
    }

    /**
     * A page of another site (another origin: {@code localhost} on another port) that posts a form to the console
     * as soon as it loads, served by the JDK's HTTP server.
     */
    private static final class AttackingSite implements AutoCloseable {
        private final HttpServer server;

        AttackingSite(String target) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] page = ("<!DOCTYPE html><html><body><form id=\"attack\" method=\"post\" action=\"" + target + "\">"
                    + "<input type=\"hidden\" name=\"apply\" value=\"true\">"
                    + "<input type=\"hidden\" name=\"propertylist\" value=\"level\">"
                    + "<input type=\"hidden\" name=\"level\" value=\"attack\"></form>"
                    + "<script>document.getElementById('attack').submit();</script></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            });
            server.start();
        }

        String url() {
            return "http://localhost:" + server.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Fails (does not skip): `make test` is expected to have installed them. */
    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("ConsoleBrowserTest needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": `make test` installs them (apt-get install chromium chromium-driver)");
        }
    }

    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static WebElement await(WebDriver browser, String what, By locator) {
        return new WebDriverWait(browser, PAGE_TIMEOUT)
                .withMessage(() -> what + " at " + browser.getCurrentUrl() + ", page title '" + browser.getTitle() + "'")
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** @return the certificate's row of the Certificates table */
    private static WebElement row(WebDriver browser, String id) {
        return browser.findElement(By.cssSelector("table.edgepki-certificates tr[data-id='" + id + "']"));
    }

    private static String cell(WebElement row, String name) {
        return row.findElement(By.cssSelector("td." + name)).getText().trim();
    }

    /** The whole page (the window grown to fit it, within bounds), saved and checked to be a PNG image. */
    private static void screenshot(WebDriver browser, String name) throws IOException {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        long width = ((Number) page.executeScript("return document.documentElement.scrollWidth")).longValue();
        long height = ((Number) page.executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension((int) Math.min(Math.max(width + 40, 1280), 2560),
                (int) Math.min(Math.max(height + 160, 900), 4000)));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path file = Files.createDirectories(SCREENSHOTS).resolve(name);
        Files.write(file, png);
        assertArrayEquals(file.toString(), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                Arrays.copyOf(png, 8));
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(file + " is not a readable image", image);
        assertTrue(file + ": " + image.getWidth() + "x" + image.getHeight(),
                image.getWidth() >= 640 && image.getHeight() >= 400);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
