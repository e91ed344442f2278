// Measurement tool for `bench.sh console`. A single-file Java program (JDK 17) run on node-runtime's
// test classpath (Selenium): it opens a one-time console login link in Debian's headless chromium and
// times the console's first page, then reloads it warm. Prints one JSON object.
//
//   ConsoleFirstPage LOGIN_URL RELOADS
//       cold: a fresh browser profile (empty cache) opens the link; timed from the start of the
//       navigation to the console's home page showing the logged-in user (data-test=logout), by the
//       page's own clock (performance.now(), origin = navigation start), so browser start-up is excluded.
//       warm: RELOADS reloads of the same page with the browser's cache, the same measure.
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

public class ConsoleFirstPage {

    // Polled by the page itself every animation frame, so the figure is when the element first showed.
    static final String SHOWN_AT = """
            const done = arguments[arguments.length - 1];
            const look = () => {
              const e = document.querySelector("[data-test='logout']");
              if (e && e.offsetParent !== null) { done(performance.now()); } else { requestAnimationFrame(look); }
            };
            look();
            """;

    public static void main(String[] args) throws Exception {
        String link = args[0];
        int reloads = Integer.parseInt(args[1]);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            driver.get(link); // spends the code, sets the cookie, lands on /console/
            double cold = shown(driver);
            long bytes = transferred(driver);
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < reloads; i++) {
                driver.navigate().refresh();
                warm.add(shown(driver));
            }
            Collections.sort(warm);
            System.out.printf("{\"cold_ms\":%.0f,\"cold_transferred_kb\":%d,\"warm_median_ms\":%.0f,\"warm_max_ms\":%.0f,\"reloads\":%d}%n",
                    cold, bytes / 1024, warm.get(warm.size() / 2), warm.get(warm.size() - 1), reloads);
        } finally {
            driver.quit();
        }
    }

    static double shown(ChromeDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("[data-test='logout']")).isEmpty()
                || "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return ((Number) ((JavascriptExecutor) driver).executeAsyncScript(SHOWN_AT)).doubleValue();
    }

    /** Bytes over the wire for the page and everything it loaded (compressed sizes where the server compressed). */
    static long transferred(ChromeDriver driver) {
        Object n = ((JavascriptExecutor) driver).executeScript("""
                const nav = performance.getEntriesByType('navigation')[0];
                return (nav ? nav.transferSize : 0)
                  + performance.getEntriesByType('resource').reduce((a, r) => a + (r.transferSize || 0), 0);
                """);
        return ((Number) n).longValue();
    }
}
