package dev.cascade.node.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.node.it.Api;
import dev.cascade.node.it.NodeProcess;
import dev.cascade.node.it.Topology;

/**
 * The web console in a real browser against five real nodes: a consumer at Guangzhou (440100) finds
 * a resource of Nanjing (320100) and requests it, the approver at Nanjing approves it from the inbox,
 * the consumer downloads the rows, and the auditor at Guangzhou sees the exchange in the ledger.
 * Every page visited is saved under target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    static final int ROWS = 200;
    static final String TAX = "3.01.001.002-000201";
    static final String HOSTILE = "3.01.001.002-000202";
    static final String HOSTILE_TITLE = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">企业恶意标题";

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong, guangzhou, jiangsu, nanjing;
    static Api provider, consumer;
    static String approved;

    @BeforeAll
    static void fiveNodes() throws Exception {
        work = Files.createTempDirectory("cascade-console-it");
        topology = new Topology(work);
        national = topology.national();
        var provinces = Topology.together(() -> topology.join(national, "440000"), () -> topology.join(national, "320000"));
        guangdong = provinces.get(0);
        jiangsu = provinces.get(1);
        // Unanswered requests expire within the test; answered ones are answered well before.
        var cities = Topology.together(() -> topology.join(guangdong, "440100"),
                () -> topology.join(jiangsu, "320100", Map.of("CASCADE_EXCHANGE_REPLY_DEADLINE", "PT60S")));
        guangzhou = cities.get(0);
        nanjing = cities.get(1);

        provider = Api.department(nanjing, "js-tax", "provider");
        Api.department(nanjing, "js-tax", "approver");
        consumer = Api.department(guangzhou, "gz-market", "consumer");
        Api.department(guangzhou, "gz-audit", "auditor");

        register(TAX, "企业纳税信用信息", true);
        register(HOSTILE, HOSTILE_TITLE, false);
        for (String id : List.of(TAX, HOSTILE)) {
            Topology.await(Duration.ofSeconds(30), () -> id + " visible at 440100", () -> consumer.sees("企业", id));
        }
    }

    @AfterAll
    static void teardown() {
        topology.close();
        if (System.getProperty("cascade.it.keep") == null) {
            Topology.deleteTree(work);
        }
    }

    @Test
    @Order(1)
    void aConsumerFindsANanjingResourceAndRequestsIt() throws Exception {
        try (ConsoleBrowser consumerBrowser = loggedIn("consumer-requests", guangzhou, "gz-market", "consumer")) {
            consumerBrowser.click("nav-catalog");
            consumerBrowser.type("catalog-search", "纳税");
            consumerBrowser.click("catalog-search-go");
            WebElement row = rowContaining(consumerBrowser, "catalog-row", "企业纳税信用信息");
            consumerBrowser.look("catalog");
            row.click();
            assertThat(consumerBrowser.find("resource-title").getText()).isEqualTo("企业纳税信用信息");
            consumerBrowser.look("resource-detail");
            consumerBrowser.click("request-open");
            consumerBrowser.type("request-purpose", "企业信用分级监管");
            consumerBrowser.type("request-legal-basis", "《优化营商环境条例》第五十三条");
            consumerBrowser.look("request-form");
            consumerBrowser.click("request-submit");
            String state = stateShown(consumerBrowser, "PENDING_APPROVAL");
            assertThat(state).isEqualTo("PENDING_APPROVAL");
            consumerBrowser.look("exchange-pending");
            assertNoPolicyViolations(consumerBrowser);
        }
        JsonNode mine = consumer.get("/api/v1/exchanges").body();
        approved = mine.get(0).path("id").asText();
        assertThat(mine.get(0).path("resource").asText()).isEqualTo(TAX);
    }

    @Test
    @Order(2)
    void theApproverAtNanjingSeesItInTheInboxWithItsDeadlineAndApprovesIt() throws Exception {
        try (ConsoleBrowser approver = loggedIn("approver-approves", nanjing, "js-tax", "approver")) {
            approver.click("nav-inbox");
            String deadline = approver.until("the request in the inbox with its deadline", d -> {
                WebElement row = inboxRow(approver, approved);
                return row == null ? null : row.findElement(ConsoleBrowser.by("inbox-deadline")).getText();
            });
            assertThat(deadline).isNotBlank();
            approver.look("inbox");
            clickIn(approver, approved, "approve");
            confirmIfAsked(approver, "approve-confirm");
            approver.until("the request left the inbox", d -> inboxRow(approver, approved) == null);
            approver.look("inbox-after-approval");
            assertNoPolicyViolations(approver);
        }
    }

    @Test
    @Order(3)
    void theConsumerDownloadsTheRows() throws Exception {
        try (ConsoleBrowser consumerBrowser = loggedIn("consumer-downloads", guangzhou, "gz-market", "consumer")) {
            consumerBrowser.click("nav-exchanges");
            clickWhenListed(consumerBrowser, approved);
            consumerBrowser.until("the rows delivered", d -> {
                String s = consumerBrowser.find("exchange-state").getAttribute("data-state");
                return "DELIVERED".equals(s) || "CLOSED".equals(s) ? s : null;
            });
            assertThat(consumerBrowser.find("exchange-timeline").getText()).contains("approved by js-tax");
            consumerBrowser.look("exchange-delivered");
            consumerBrowser.click("download-csv");
            Path file = consumerBrowser.until("the CSV downloaded", d -> downloaded(consumerBrowser.downloads(), ".csv"));
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(lines.get(0)).isEqualTo("uscc,name,grade,capital");
            assertThat(lines).hasSize(ROWS + 1);
            assertNoPolicyViolations(consumerBrowser);
        }
    }

    @Test
    @Order(4)
    void theAuditorAtGuangzhouSeesTheExchangesLedgerEntries() throws Exception {
        try (ConsoleBrowser auditor = loggedIn("auditor-ledger", guangzhou, "gz-audit", "auditor")) {
            auditor.click("nav-ledger");
            assertThat(auditor.find("ledger-head").getText()).isNotBlank();
            auditor.type("ledger-subject", approved + "\n");
            List<String> entries = auditor.until("the exchange's entries", d -> {
                List<String> texts = auditor.all("ledger-row").stream().map(WebElement::getText)
                        .filter(t -> t.contains("exchange.")).toList();
                return texts.size() >= 3 ? texts : null;
            });
            assertThat(String.join("\n", entries)).contains("exchange.requested").contains("exchange.granted");
            auditor.look("ledger");
            assertNoPolicyViolations(auditor);
        }
    }

    @Test
    @Order(5)
    void aDeniedAndAnExpiredRequestShowTheirReasons() throws Exception {
        String denied = request();
        String unanswered = request();
        try (ConsoleBrowser approver = loggedIn("approver-denies", nanjing, "js-tax", "approver")) {
            approver.click("nav-inbox");
            clickIn(approver, denied, "deny");
            approver.type("deny-reason", "用途与共享条件不符");
            approver.look("deny");
            approver.click("deny-confirm");
            approver.until("the denied request left the inbox", d -> inboxRow(approver, denied) == null);
        }
        try (ConsoleBrowser consumerBrowser = loggedIn("consumer-reasons", guangzhou, "gz-market", "consumer")) {
            consumerBrowser.click("nav-exchanges");
            clickWhenListed(consumerBrowser, denied);
            stateShown(consumerBrowser, "DENIED");
            assertThat(consumerBrowser.find("exchange-reason").getText()).contains("用途与共享条件不符");
            consumerBrowser.look("denied");

            consumerBrowser.click("nav-exchanges");
            clickWhenListed(consumerBrowser, unanswered);
            Topology.await(Duration.ofSeconds(120), () -> "the unanswered request expired", () ->
                    "EXPIRED".equals(consumer.get("/api/v1/exchanges/" + unanswered).body().path("state").asText()));
            stateShown(consumerBrowser, "EXPIRED");
            assertThat(consumerBrowser.find("exchange-reason").getText()).contains("no answer");
            consumerBrowser.look("expired");
        }
    }

    @Test
    @Order(6)
    void aTitleHoldingMarkupIsShownAsTextAndNeverRuns() throws Exception {
        try (ConsoleBrowser consumerBrowser = loggedIn("hostile-title", guangzhou, "gz-market", "consumer")) {
            consumerBrowser.click("nav-catalog");
            consumerBrowser.type("catalog-search", "恶意标题");
            consumerBrowser.click("catalog-search-go");
            WebElement row = rowContaining(consumerBrowser, "catalog-row", "<script>window.__xss=1</script>");
            assertThat(row.getText()).contains("<img src=x onerror=");
            row.click();
            assertThat(consumerBrowser.find("resource-title").getText()).isEqualTo(HOSTILE_TITLE);
            consumerBrowser.look("hostile-title");
            assertThat(consumerBrowser.script("return window.__xss === undefined ? null : String(window.__xss)")).isNull();
            assertThat(consumerBrowser.driver().findElements(By.cssSelector("img[src='x']"))).isEmpty();
            try {
                consumerBrowser.driver().switchTo().alert();
                throw new AssertionError("an alert opened");
            } catch (NoAlertPresentException expected) {
                // nothing ran
            }
            assertNoPolicyViolations(consumerBrowser);
        }
    }

    @Test
    @Order(7)
    void aRequestWithoutTheSessionCookieOrWithAWrongCsrfTokenIsRefused() throws Exception {
        Cookie session;
        try (ConsoleBrowser consumerBrowser = loggedIn("csrf", guangzhou, "gz-market", "consumer")) {
            session = consumerBrowser.cookie("cascade_session");
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Strict");
            // Nothing of the session is kept where a script could read it.
            assertThat(consumerBrowser.script("return document.cookie")).isEqualTo("");
            assertThat(consumerBrowser.script("return JSON.stringify(window.localStorage) + JSON.stringify(window.sessionStorage)"))
                    .asString().doesNotContain(session.getValue()).doesNotContainIgnoringCase("csrf");
        }
        int before = consumer.get("/api/v1/exchanges").body().size();
        String body = "{\"origin\":\"320100\",\"resource\":\"" + TAX + "\",\"purpose\":\"p\",\"legalBasis\":\"l\"}";
        HttpClient http = HttpClient.newHttpClient();
        URI exchanges = URI.create("http://127.0.0.1:" + guangzhou.httpPort + "/api/v1/exchanges");
        HttpResponse<String> noCookie = http.send(HttpRequest.newBuilder(exchanges)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noCookie.statusCode()).isEqualTo(401);
        for (String forged : List.of("", "forged")) {
            HttpRequest.Builder request = HttpRequest.newBuilder(exchanges).header("Content-Type", "application/json")
                    .header("Cookie", "cascade_session=" + session.getValue()).POST(HttpRequest.BodyPublishers.ofString(body));
            if (!forged.isEmpty()) {
                request.header("X-CSRF-Token", forged);
            }
            HttpResponse<String> refused = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("X-CSRF-Token");
        }
        assertThat(consumer.get("/api/v1/exchanges").body().size()).as("no request was made").isEqualTo(before);
    }

    @Test
    @Order(8)
    void theProvincesOperatorSeesItsChildrenAndItsSubtree() throws Exception {
        String url = NodeProcess.cliOk("console-login", "--roles", "node-admin", "--data-dir", guangdong.dataDir.toString()).out();
        try (ConsoleBrowser operator = new ConsoleBrowser("operator-node")) {
            operator.open(url);
            operator.find("logout");
            operator.click("nav-node");
            String child = operator.until("Guangzhou listed as a child", d -> operator.all("node-child").stream()
                    .map(WebElement::getText).filter(t -> t.contains("440100")).findFirst().orElse(null));
            assertThat(child).isNotBlank();
            operator.look("node");
            operator.click("nav-supervision");
            operator.until("Guangzhou in the subtree", d -> operator.all("subtree-node").stream()
                    .anyMatch(r -> r.getText().contains("440100")) ? true : null);
            operator.look("supervision");
            assertNoPolicyViolations(operator);
        }
    }

    // --- the people and their pages

    /** A browser logged in through the link {@code cascade-node console-login} prints, as a person would be. */
    static ConsoleBrowser loggedIn(String test, NodeProcess node, String dept, String roles) throws Exception {
        String url = NodeProcess.cliOk("console-login", "--dept", dept, "--roles", roles, "--data-dir", node.dataDir.toString()).out();
        ConsoleBrowser browser = new ConsoleBrowser(test);
        browser.open(url);
        browser.until("the console after login", d -> d.getCurrentUrl().contains("/console/") && !d.getCurrentUrl().contains("code="));
        browser.find("logout");
        browser.look("home");
        return browser;
    }

    static WebElement rowContaining(ConsoleBrowser browser, String rows, String text) {
        return browser.until("a " + rows + " showing " + text, d -> browser.all(rows).stream()
                .filter(r -> r.getText().contains(text)).findFirst().orElse(null));
    }

    static WebElement inboxRow(ConsoleBrowser browser, String exchange) {
        return browser.all("inbox-row").stream().filter(r -> exchange.equals(r.getAttribute("data-id"))).findFirst().orElse(null);
    }

    static void clickWhenListed(ConsoleBrowser browser, String exchange) {
        browser.until("exchange " + exchange + " listed and opened", d -> {
            WebElement row = exchangeRow(browser, exchange);
            if (row == null) {
                return null;
            }
            row.click();
            return true;
        });
    }

    /** Clicks the button {@code button} in the inbox row of {@code exchange}, once the row is there. */
    static void clickIn(ConsoleBrowser browser, String exchange, String button) {
        browser.until(button + " of " + exchange + " clicked", d -> {
            WebElement row = inboxRow(browser, exchange);
            if (row == null) {
                return null;
            }
            row.findElement(ConsoleBrowser.by(button)).click();
            return true;
        });
    }

    static WebElement exchangeRow(ConsoleBrowser browser, String exchange) {
        return browser.all("exchange-row").stream().filter(r -> exchange.equals(r.getAttribute("data-id"))).findFirst().orElse(null);
    }

    static String stateShown(ConsoleBrowser browser, String state) {
        return browser.until("state " + state + " shown", d -> {
            List<WebElement> shown = browser.all("exchange-state");
            return shown.isEmpty() || !state.equals(shown.get(0).getAttribute("data-state")) ? null : state;
        });
    }

    static void confirmIfAsked(ConsoleBrowser browser, String confirm) {
        List<WebElement> asked = browser.all(confirm);
        if (!asked.isEmpty() && asked.get(0).isDisplayed()) {
            asked.get(0).click();
        }
    }

    static Path downloaded(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(suffix)).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The strict Content-Security-Policy refused nothing the console itself needs. */
    static void assertNoPolicyViolations(ConsoleBrowser browser) {
        assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    static String request() {
        Api.Reply r = consumer.post("/api/v1/exchanges", """
                {"origin":"320100","resource":"%s","purpose":"企业信用分级监管","legalBasis":"《优化营商环境条例》第五十三条"}
                """.formatted(TAX));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().path("id").asText();
    }

    static void register(String id, String title, boolean withData) {
        String body = """
                {"id":"%s","title":%s,"abstract":"企业纳税信用等级评价结果","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"uscc","type":"string","description":"统一社会信用代码","level":"L1"},
                              {"name":"name","type":"string","description":"企业名称","level":"L1"},
                              {"name":"grade","type":"string","description":"纳税信用等级","level":"L2"},
                              {"name":"capital","type":"decimal","description":"注册资本（万元）","level":"L1"}],
                 "level":"L2","sharingType":"conditional","sharingCondition":"用于信用监管","openType":"conditional",
                 "updateCycle":"monthly","publishDate":"2026-11-01","scope":"national","source":"upload"}
                """.formatted(id, NodeProcess.JSON.valueToTree(title).toString());
        Api.Reply r = provider.post("/api/v1/resources", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        if (withData) {
            StringBuilder csv = new StringBuilder("uscc,name,grade,capital\n");
            for (int i = 0; i < ROWS; i++) {
                csv.append(String.format("91320100MA%07dX", i)).append(",南京企业").append(i).append(',').append("ABCDM".charAt(i % 5))
                        .append(',').append(100 + i).append('.').append(1 + i % 9).append(5).append('\n');
            }
            Api.Reply up = provider.putBytes("/api/v1/resources/" + id + "/data", "text/csv; charset=UTF-8",
                    csv.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(up.status()).as(up.raw()).isBetween(200, 204);
        }
    }
}
