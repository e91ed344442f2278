package dev.cascade.node.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.cascade.node.testing.ScratchPostgres;
import dev.cascade.protocol.region.RegionCode;
import io.vertx.mutiny.sqlclient.Pool;

/** Catalog search on a real PostgreSQL with the node's own migrations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogSearchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");

    private ScratchPostgres db;
    private Connection jdbc;
    private Pool pool;
    private CatalogSearch catalog;

    @BeforeAll
    void startDatabase(@TempDir Path tmp) throws Exception {
        db = ScratchPostgres.start(tmp, true, 2);
        jdbc = db.jdbc();
        pool = db.pool();
        catalog = new CatalogSearch(pool);
    }

    @AfterAll
    void stopDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyCatalog() throws SQLException {
        try (Statement s = jdbc.createStatement()) {
            s.execute("truncate catalog_entry");
        }
    }

    // ---- keyword ----

    @Test
    void chineseKeywordsMatchTitlesAndAbstracts() throws SQLException {
        insert(entry("440100", "biz-reg").title("企业登记信息").summary("市场主体的设立、变更和注销记录"),
                entry("440100", "estate").title("房屋产权").summary("包含不动产登记数据与抵押信息"),
                entry("440100", "people").title("Population statistics").summary("Residents by district"));

        assertThat(ids(query().withKeyword("企业登记"))).containsExactly("biz-reg");
        assertThat(ids(query().withKeyword("不动产"))).containsExactly("estate");
        // Two characters yield no trigram: still correct, just answered without narrowing by the index.
        assertThat(ids(query().withKeyword("登记"))).containsExactlyInAnyOrder("biz-reg", "estate");
        assertThat(ids(query().withKeyword("交通违法"))).isEmpty();
    }

    @Test
    void latinKeywordsMatchCaseInsensitivelyAnywhereInTitleOrAbstract() throws SQLException {
        insert(entry("440100", "people").title("Population statistics").summary("Residents by district"),
                entry("440100", "roads").title("Road network").summary("Segments and their STATISTICAL class"));

        assertThat(ids(query().withKeyword("POPULATION"))).containsExactly("people");
        assertThat(ids(query().withKeyword("statis"))).containsExactlyInAnyOrder("people", "roads");
        assertThat(ids(query().withKeyword("by dist"))).containsExactly("people");
    }

    @Test
    void likeMetacharactersInAKeywordAreLiteral() throws SQLException {
        insert(entry("440100", "pct").title("Coverage 100% of permits"),
                entry("440100", "num").title("Coverage 1000 of permits"),
                entry("440100", "under").title("file_name index"),
                entry("440100", "nounder").title("fileXname index"),
                entry("440100", "slash").title("path a\\b"));

        assertThat(ids(query().withKeyword("100%"))).containsExactly("pct");
        assertThat(ids(query().withKeyword("e_n"))).containsExactly("under");
        assertThat(ids(query().withKeyword("a\\b"))).containsExactly("slash");
        assertThat(ids(query().withKeyword("%"))).containsExactly("pct");
    }

    // ---- filters ----

    @Test
    void departmentCategoryLevelAndSharingTypeFilterByExactValue() throws SQLException {
        insert(entry("440100", "a").dept("gz-amr").category("economy").level("L2").sharing("unconditional"),
                entry("440100", "b").dept("gz-amr").category("society").level("L3").sharing("conditional"),
                entry("440100", "c").dept("gz-land").category("economy").level("L3").sharing("unconditional"));

        assertThat(ids(query().withDepartment("gz-amr"))).containsExactlyInAnyOrder("a", "b");
        assertThat(ids(query().withCategory("economy"))).containsExactlyInAnyOrder("a", "c");
        assertThat(ids(query().withLevel("L3"))).containsExactlyInAnyOrder("b", "c");
        assertThat(ids(query().withSharingType("conditional"))).containsExactly("b");
        assertThat(ids(query().withDepartment("gz-amr").withCategory("economy"))).containsExactly("a");
        assertThat(ids(query().withDepartment("gz-am"))).as("no prefix matching on exact filters").isEmpty();
    }

    @Test
    void updatedSinceIsInclusive() throws SQLException {
        insert(entry("440100", "old").updatedAt(T0.minusSeconds(1)),
                entry("440100", "edge").updatedAt(T0),
                entry("440100", "new").updatedAt(T0.plusSeconds(1)));

        assertThat(ids(query().withUpdatedSince(T0))).containsExactly("new", "edge");
    }

    @Test
    void aRegionSelectsTheResourcesOriginatingInItsSubtree() throws SQLException {
        insert(entry("100000", "national"), entry("440000", "guangdong"), entry("440100", "guangzhou"),
                entry("440300", "shenzhen"), entry("320100", "nanjing"), entry("320000", "jiangsu"));

        assertThat(ids(query().withRegion(RegionCode.parse("440000"))))
                .containsExactlyInAnyOrder("guangdong", "guangzhou", "shenzhen");
        assertThat(ids(query().withRegion(RegionCode.parse("440100")))).containsExactly("guangzhou");
        assertThat(ids(query().withRegion(RegionCode.parse("320000")))).containsExactlyInAnyOrder("jiangsu", "nanjing");
        assertThat(ids(query().withRegion(RegionCode.NATIONAL)))
                .containsExactlyInAnyOrder("national", "guangdong", "guangzhou", "shenzhen", "nanjing", "jiangsu");
    }

    @Test
    void withdrawnResourcesAreNeverListed() throws SQLException {
        insert(entry("440100", "live").title("不动产登记"),
                entry("440100", "gone").title("不动产登记").withdrawn(T0));

        assertThat(ids(query())).containsExactly("live");
        assertThat(ids(query().withKeyword("不动产"))).containsExactly("live");
        assertThat(export(query()).records()).extracting(r -> r.hit().id()).containsExactly("live");
    }

    @Test
    void hitsCarryEveryListedFieldNewestFirst() throws SQLException {
        insert(entry("440100", "older").updatedAt(T0),
                entry("440300", "newer").title("道路").summary("路网数据").dept("sz-transport").category("transport")
                        .level("L1").sharing("unconditional").updatedAt(T0.plusSeconds(60)));

        SearchPage page = page(query());

        assertThat(page.items()).extracting(CatalogHit::id).containsExactly("newer", "older");
        assertThat(page.items().get(0)).isEqualTo(new CatalogHit("440300", "newer", 1, "道路", "路网数据", "sz-transport",
                "transport", "L1", "unconditional", "province", T0.plusSeconds(60)));
        assertThat(page.nextCursor()).isEmpty();
    }

    // ---- paging ----

    @Test
    void walkingAllPagesYieldsEveryRowOnceInTheOrderOfOneFullQuery() throws SQLException {
        insertFifty();
        List<String> full = keys(page(query().withLimit(200)).items());
        assertThat(full).hasSize(50);

        List<String> walked = new ArrayList<>();
        int pages = 0;
        Optional<String> cursor = Optional.empty();
        do {
            SearchQuery q = query().withLimit(7);
            SearchPage page = page(cursor.map(q::after).orElse(q));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(7);
            walked.addAll(keys(page.items()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());

        assertThat(pages).isEqualTo(8);
        assertThat(walked).doesNotHaveDuplicates().isEqualTo(full);
    }

    @Test
    void newerRowsArrivingWhilePagingDoNotShiftTheRemainingPages() throws SQLException {
        insertFifty();
        List<String> before = keys(page(query().withLimit(200)).items());

        List<String> walked = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int round = 0;
        do {
            SearchQuery q = query().withLimit(7);
            SearchPage page = page(cursor.map(q::after).orElse(q));
            walked.addAll(keys(page.items()));
            cursor = page.nextCursor();
            // Between every two fetches, a provider publishes something: it sorts before the cursor.
            insert(entry("440300", "late-" + round).updatedAt(T0.plus(Duration.ofDays(1)).plusSeconds(round)));
            round++;
        } while (cursor.isPresent());

        assertThat(walked).isEqualTo(before);
    }

    @Test
    void theLastPageHasNoCursorEvenWhenItIsFull() throws SQLException {
        for (int i = 0; i < 14; i++) {
            insert(entry("440100", "r" + i).updatedAt(T0.plusSeconds(i)));
        }
        SearchPage first = page(query().withLimit(7));
        SearchPage second = page(query().withLimit(7).after(first.nextCursor().orElseThrow()));

        assertThat(second.items()).hasSize(7);
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void filtersStillApplyOnLaterPages() throws SQLException {
        for (int i = 0; i < 10; i++) {
            insert(entry(i % 2 == 0 ? "440100" : "320100", "r" + i).updatedAt(T0.plusSeconds(i)));
        }
        SearchQuery guangdong = query().withRegion(RegionCode.parse("440000")).withLimit(2);
        SearchPage first = page(guangdong);
        SearchPage rest = page(guangdong.withLimit(10).after(first.nextCursor().orElseThrow()));

        assertThat(ids(first.items())).containsExactly("r8", "r6");
        assertThat(ids(rest.items())).containsExactly("r4", "r2", "r0");
    }

    // ---- export ----

    @Test
    void exportCarriesDescriptorsAndAllowsPagesOfAThousand() throws SQLException {
        insert(entry("440100", "a").descriptor("{\"id\":\"a\",\"format\":\"csv\"}"));

        ExportPage page = export(query().withLimit(1000));

        assertThat(page.records()).singleElement().satisfies(r -> {
            assertThat(r.hit().id()).isEqualTo("a");
            assertThat(r.descriptor()).isEqualTo("{\"id\":\"a\",\"format\":\"csv\"}");
        });
        assertThatThrownBy(() -> export(query().withLimit(1001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 1000, not 1001");
    }

    // ---- refusals ----

    @Test
    void malformedCursorsAreRefused() throws SQLException {
        insert(entry("440100", "a"), entry("440100", "b"));
        String good = page(query().withLimit(1)).nextCursor().orElseThrow();

        for (String bad : List.of("not a cursor", "AAAA", good.substring(0, good.length() - 3), good + "AA", "%%%")) {
            assertThatThrownBy(() -> page(query().after(bad)), bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cursor is not valid");
        }
    }

    @Test
    void limitsOutsideOneToTwoHundredAreRefused() {
        assertThatThrownBy(() -> page(query().withLimit(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 200, not 0");
        assertThatThrownBy(() -> page(query().withLimit(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 200, not 500");
    }

    @Test
    void requestParametersAreParsedOrRefusedNamingTheParameter() {
        SearchQuery parsed = SearchQuery.fromRequest(" 不动产 ", "440000", "gz-amr", "", null, "conditional",
                "2026-01-31T00:00:00Z", "50", null, SearchQuery.DEFAULT_LIMIT);
        assertThat(parsed).isEqualTo(new SearchQuery(Optional.of("不动产"), Optional.of(RegionCode.parse("440000")),
                Optional.of("gz-amr"), Optional.empty(), Optional.empty(), Optional.of("conditional"),
                Optional.of(Instant.parse("2026-01-31T00:00:00Z")), 50, Optional.empty()));
        assertThat(fromRequest("limit", null).limit()).isEqualTo(SearchQuery.DEFAULT_LIMIT);

        assertThatThrownBy(() -> fromRequest("region", "440101"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("region: ")
                .hasMessageContaining("county-level");
        assertThatThrownBy(() -> fromRequest("region", "Guangdong"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("region: region code 'Guangdong' is not 6 digits");
        assertThatThrownBy(() -> fromRequest("updatedSince", "yesterday"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("updatedSince must be an ISO-8601 instant");
        assertThatThrownBy(() -> fromRequest("limit", "ten"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be a whole number, not 'ten'");
        assertThatThrownBy(() -> fromRequest("q", "x".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("keyword must be at most 200 characters");
        assertThatThrownBy(() -> fromRequest("dept", "d".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dept must be at most 64 characters");
    }

    // ---- index ----

    @Test
    void keywordQueriesCanUseTheTrigramIndex() throws SQLException {
        try (PreparedStatement insert = jdbc.prepareStatement(INSERT)) {
            for (int i = 0; i < 4000; i++) {
                Row row = entry(i % 2 == 0 ? "440100" : "440300", "bulk-" + i)
                        .title("Dataset " + i + " 政务数据 " + Integer.toHexString(i * 7919))
                        .summary(i % 500 == 0 ? "包含不动产登记数据" : "Records of district " + i % 37)
                        .updatedAt(T0.plusSeconds(i));
                row.bind(insert);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Statement s = jdbc.createStatement()) {
            s.execute("analyze catalog_entry");
        }
        CatalogSearch.Statement statement = CatalogSearch.statement(query().withKeyword("不动产登记"),
                CatalogSearch.MAX_SEARCH_LIMIT, CatalogSearch.HIT_COLUMNS);

        // With LIMIT, the planner may rather walk catalog_entry_page in order and filter, hoping to stop
        // early; that is its call to make on real statistics. What this pins down is that the keyword
        // predicate is written on the indexed expression, so the trigram index is there to choose:
        // with sequential and ordered index scans ruled out, the plan must fall to it.
        String plan = pool.withConnection(c -> c.query("set enable_seqscan = off").execute()
                        .chain(() -> c.query("set enable_indexscan = off").execute())
                        .chain(() -> c.preparedQuery("explain " + statement.sql()).execute(statement.parameters()))
                        .call(() -> c.query("reset all").execute()))
                .map(rows -> {
                    List<String> lines = new ArrayList<>();
                    rows.forEach(r -> lines.add(r.getString(0)));
                    return String.join("\n", lines);
                })
                .await().atMost(WAIT);

        assertThat(plan).contains("Bitmap Index Scan on catalog_entry_text");
        assertThat(ids(query().withKeyword("不动产登记").withLimit(200))).hasSize(8);
    }

    // ---- helpers ----

    private static final String INSERT = "insert into catalog_entry (origin, resource_id, version, seq, title, abstract,"
            + " provider_dept, category, level, sharing_type, scope, updated_at, withdrawn_at, descriptor)"
            + " values (?, ?, 1, 1, ?, ?, ?, ?, ?, ?, 'province', ?, ?, ?)";

    /** A catalog row as registration or sync would have written it. */
    private record Row(String origin, String id, String title, String summary, String dept, String category,
                       String level, String sharing, Instant updatedAt, Instant withdrawnAt, String descriptor) {

        Row title(String v) {
            return new Row(origin, id, v, summary, dept, category, level, sharing, updatedAt, withdrawnAt, descriptor);
        }

        Row summary(String v) {
            return new Row(origin, id, title, v, dept, category, level, sharing, updatedAt, withdrawnAt, descriptor);
        }

        Row dept(String v) {
            return new Row(origin, id, title, summary, v, category, level, sharing, updatedAt, withdrawnAt, descriptor);
        }

        Row category(String v) {
            return new Row(origin, id, title, summary, dept, v, level, sharing, updatedAt, withdrawnAt, descriptor);
        }

        Row level(String v) {
            return new Row(origin, id, title, summary, dept, category, v, sharing, updatedAt, withdrawnAt, descriptor);
        }

        Row sharing(String v) {
            return new Row(origin, id, title, summary, dept, category, level, v, updatedAt, withdrawnAt, descriptor);
        }

        Row updatedAt(Instant v) {
            // PostgreSQL keeps microseconds; so must the expectation.
            return new Row(origin, id, title, summary, dept, category, level, sharing, v.truncatedTo(ChronoUnit.MICROS),
                    withdrawnAt, descriptor);
        }

        Row withdrawn(Instant v) {
            return new Row(origin, id, title, summary, dept, category, level, sharing, updatedAt, v, descriptor);
        }

        Row descriptor(String v) {
            return new Row(origin, id, title, summary, dept, category, level, sharing, updatedAt, withdrawnAt, v);
        }

        void bind(PreparedStatement s) throws SQLException {
            s.setString(1, origin);
            s.setString(2, id);
            s.setString(3, title);
            s.setString(4, summary);
            s.setString(5, dept);
            s.setString(6, category);
            s.setString(7, level);
            s.setString(8, sharing);
            s.setObject(9, updatedAt.atOffset(ZoneOffset.UTC));
            s.setObject(10, withdrawnAt == null ? null : withdrawnAt.atOffset(ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            s.setString(11, descriptor);
        }
    }

    private static Row entry(String origin, String id) {
        return new Row(origin, id, "Resource " + id, "About " + id, "dept-" + origin, "economy", "L2", "unconditional",
                T0, null, "{\"id\":\"" + id + "\"}");
    }

    private void insert(Row... rows) throws SQLException {
        try (PreparedStatement s = jdbc.prepareStatement(INSERT)) {
            for (Row row : rows) {
                row.bind(s);
                s.executeUpdate();
            }
        }
    }

    /** 50 rows over four origins; groups of five share a timestamp so the tie-breakers matter. */
    private void insertFifty() throws SQLException {
        String[] origins = {"440100", "440300", "440000", "320100"};
        insert(IntStream.range(0, 50)
                .mapToObj(i -> entry(origins[i % 4], "r" + (char) ('a' + i % 7) + i).updatedAt(T0.plusSeconds(i / 5)))
                .toArray(Row[]::new));
    }

    private static SearchQuery query() {
        return SearchQuery.everything();
    }

    private static SearchQuery fromRequest(String parameter, String value) {
        UnaryOperator<String> v = name -> name.equals(parameter) ? value : null;
        return SearchQuery.fromRequest(v.apply("q"), v.apply("region"), v.apply("dept"), v.apply("category"),
                v.apply("level"), v.apply("sharingType"), v.apply("updatedSince"), v.apply("limit"), v.apply("cursor"),
                SearchQuery.DEFAULT_LIMIT);
    }

    private SearchPage page(SearchQuery q) {
        return catalog.search(q).await().atMost(WAIT);
    }

    private ExportPage export(SearchQuery q) {
        return catalog.export(q).await().atMost(WAIT);
    }

    private List<String> ids(SearchQuery q) {
        return ids(page(q).items());
    }

    private static List<String> ids(List<CatalogHit> hits) {
        return hits.stream().map(CatalogHit::id).toList();
    }

    private static List<String> keys(List<CatalogHit> hits) {
        return hits.stream().map(h -> h.origin() + "/" + h.id()).toList();
    }
}
