package dev.cascade.node.it.console;

import dev.cascade.node.it.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: Debian's chromium, headless, driven through chromium-driver, with its own
 * profile (so its session cookie is its own) and download folder. Every page it is asked to look at
 * is saved as a screenshot under {@code target/console-screenshots/<test>/}.
 */
public final class ConsoleBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path shots;
    private final Path downloads;
    private int shot;

    public ConsoleBrowser(String test) throws Exception {
        this.shots = Files.createDirectories(SCREENSHOTS.resolve(test));
        this.downloads = Files.createTempDirectory("cascade-console-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("cascade.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900",
                "--lang=zh-CN", "--disable-gpu");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("cascade.chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The element marked {@code data-test=name}, once it is shown. */
    public WebElement find(String name) {
        By by = by(name);
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            for (WebElement e : d.findElements(by)) {
                if (e.isDisplayed()) {
                    return e;
                }
            }
            return null;
        });
    }

    public List<WebElement> all(String name) {
        return driver.findElements(by(name));
    }

    /** Waits until a condition over the page holds; {@code what} says what was awaited when it does not. */
    public <T> T until(String what, Function<ChromeDriver, T> condition) {
        try {
            // The console re-renders lists as it refreshes them: an element found a moment ago may be replaced.
            return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> condition.apply(driver));
        } catch (TimeoutException e) {
            look("timeout");
            throw new AssertionError("within " + WAIT.toSeconds() + " s: " + what + " (url " + driver.getCurrentUrl() + ")", e);
        }
    }

    public void click(String name) {
        find(name).click();
    }

    public void type(String name, String text) {
        WebElement input = find(name);
        WebElement field = input.getTagName().equals("input") || input.getTagName().equals("textarea") ? input
                : input.findElement(By.cssSelector("input, textarea"));
        field.clear();
        field.sendKeys(text);
    }

    /** Saves what the page shows now, numbered in the order of the test's steps. */
    public void look(String page) {
        try {
            Path file = shots.resolve(String.format("%02d-%s.png", ++shot, page));
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new IllegalStateException("screenshot of " + page + " failed", e);
        }
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public Path downloads() {
        return downloads;
    }

    /** Messages the page logged, e.g. Content-Security-Policy violations. */
    public List<String> consoleMessages() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            out.add(e.getLevel() + " " + e.getMessage());
        }
        return out;
    }

    public ChromeDriver driver() {
        return driver;
    }

    static By by(String name) {
        return By.cssSelector("[data-test='" + name + "']");
    }

    /** Quits the browser and removes the files it downloaded (each browser has a directory of its own). */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            Topology.deleteTree(downloads);
        }
    }
}
