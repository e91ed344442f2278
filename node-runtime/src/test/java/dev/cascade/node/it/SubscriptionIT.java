package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscription to a PostgreSQL table on real nodes: a department of Guangdong (440000) subscribes
 * to a table of Jiangsu (320000), whose increments cross the national node. Each increment carries
 * exactly the rows changed since the one before; after the department unsubscribes, changes bring
 * no further increment.
 */
class SubscriptionIT {

    static final String PERMITS = "3.01.001.002-000301";

    static Path work;
    static Topology topology;
    static NodeProcess national, guangdong, jiangsu;
    static Api provider, consumer;

    @BeforeAll
    static void threeNodes() throws Exception {
        work = Files.createTempDirectory("cascade-subscription-it");
        topology = new Topology(work);
        national = topology.national();
        guangdong = topology.join(national, "440000");
        // The owner looks for changes every second here, so two increments fit in the test.
        jiangsu = topology.join(national, "320000", Map.of("CASCADE_SUBSCRIPTIONS_CHECK_EVERY", "1s"));
        provider = Api.department(jiangsu, "js-permits", "provider");
        consumer = Api.department(guangdong, "gd-market", "consumer");

        sql(jiangsu, "create schema src; create table src.permit (id text primary key, name text not null,"
                + " amount numeric(12,2) not null, modified timestamptz not null);"
                + " insert into src.permit select 'P' || g, '许可证' || g, 100 + g, timestamptz '2026-11-01 08:00:00+08'"
                + " + g * interval '1 minute' from generate_series(1, 20) g");
        Api.Reply registered = provider.post("/api/v1/resources", """
                {"id":"%s","title":"经营许可证","abstract":"经营许可证登记信息，按修改时间订阅","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"id","type":"string","description":"许可证编号","level":"L1"},
                              {"name":"name","type":"string","description":"名称","level":"L1"},
                              {"name":"amount","type":"decimal","description":"注册资本","level":"L1"}],
                 "level":"L2","sharingType":"unconditional","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"national","source":"postgres"}
                """.formatted(PERMITS));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        Path pg = jiangsu.dataDir.resolve("postgres");
        String port = Files.readAllLines(pg.resolve("cluster/postmaster.pid")).get(3).trim();
        Api.Reply source = provider.put("/api/v1/resources/" + PERMITS + "/source", """
                {"kind":"postgres","host":"127.0.0.1","port":%s,"database":"postgres","user":"cascade","password":"%s",
                 "table":"src.permit","updateColumn":"modified"}
                """.formatted(port, Files.readString(pg.resolve("password")).trim()));
        assertThat(source.status()).as(source.raw()).isEqualTo(200);
    }

    @AfterAll
    static void teardown() {
        topology.close();
        if (System.getProperty("cascade.it.keep") == null) {
            Topology.deleteTree(work);
        }
    }

    @Test
    void eachIncrementDeliversExactlyTheRowsChangedSinceTheLastAndNoneComesAfterUnsubscribing() throws Exception {
        Api.Reply asked = consumer.post("/api/v1/exchanges", """
                {"origin":"320000","resource":"%s","purpose":"市场监管核验","legalBasis":"《政务数据共享条例》第十条",
                 "standing":{"mode":"subscription"}}
                """.formatted(PERMITS));
        assertThat(asked.status()).as(asked.raw()).isEqualTo(201);
        String id = asked.body().path("id").asText();
        awaitExchange(id, "GRANTED");

        sql(jiangsu, "update src.permit set name = name || '（变更）', modified = now() where id in ('P3', 'P7')");
        JsonNode first = awaitIncrements(id, 1);
        assertThat(first.path("rows").asLong()).isEqualTo(2);
        assertThat(delivered(first.path("exchange").asText())).containsExactly("P3", "P7");

        sql(jiangsu, "update src.permit set amount = amount + 1, modified = now() where id = 'P11';"
                + " insert into src.permit values ('P21', '许可证21', 121, now())");
        JsonNode second = awaitIncrements(id, 2);
        assertThat(second.path("rows").asLong()).isEqualTo(2);
        assertThat(delivered(second.path("exchange").asText())).containsExactly("P11", "P21");

        // Each increment is an ordinary exchange: the relay purged its copy after the receipt.
        Topology.await(Duration.ofSeconds(20), () -> "increment 1 purged at the national node",
                () -> NodeDatabase.count(national, "select count(*) from exchange where id = '" + first.path("exchange").asText()
                        + "' and purged_at is not null") == 1);

        Api.Reply unsubscribed = consumer.delete("/api/v1/subscriptions/" + id);
        assertThat(unsubscribed.status()).as(unsubscribed.raw()).isEqualTo(202);
        assertThat(unsubscribed.body().path("cancelledAt").isNull()).isFalse();
        JsonNode revoked = awaitExchange(id, "REVOKED");
        assertThat(revoked.path("reason").asText()).isEqualTo("unsubscribed by gd-market at 440000");

        sql(jiangsu, "update src.permit set modified = now() where id = 'P1'");
        NodeProcess.sleep(4000); // four of the owner's looks at the source
        JsonNode after = consumer.get("/api/v1/subscriptions/" + id).body();
        assertThat(after.path("state").asText()).isEqualTo("REVOKED");
        assertThat(after.path("increments")).hasSize(2);
        assertThat(NodeDatabase.count(jiangsu, "select announced from subscription where id = '" + id + "'")).isEqualTo(2);
        assertThat(ExchangeIT.ledgerTypes(jiangsu, id)).contains("subscription.started", "subscription.increment",
                "subscription.advanced", "exchange.revoked");
    }

    static JsonNode awaitExchange(String id, String state) {
        JsonNode[] last = new JsonNode[1];
        Topology.await(Duration.ofSeconds(30), () -> "exchange " + id + " " + state + ": " + last[0], () -> {
            last[0] = consumer.get("/api/v1/exchanges/" + id).body();
            return state.equals(last[0].path("state").asText());
        });
        return last[0];
    }

    /** Waits until increment {@code n} of the subscription is delivered here, and returns it. */
    static JsonNode awaitIncrements(String id, int n) {
        JsonNode[] last = new JsonNode[1];
        Topology.await(Duration.ofSeconds(30), () -> "increment " + n + " of " + id + " delivered: " + last[0], () -> {
            last[0] = consumer.get("/api/v1/subscriptions/" + id).body();
            JsonNode increments = last[0].path("increments");
            return increments.size() >= n && Set.of("DELIVERED", "CLOSED").contains(increments.get(n - 1).path("state").asText());
        });
        JsonNode increment = last[0].path("increments").get(n - 1);
        assertThat(increment.path("increment").asLong()).isEqualTo(n);
        return increment;
    }

    /** The ids of the rows an increment delivered, downloaded as any exchange's data. */
    static Set<String> delivered(String exchangeId) {
        Api.Reply data = consumer.get("/api/v1/exchanges/" + exchangeId + "/data?format=csv");
        assertThat(data.status()).as(data.raw()).isEqualTo(200);
        String[] lines = data.raw().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,name,amount");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            ids.add(lines[i].split(",")[0]);
        }
        assertThat(ids).doesNotHaveDuplicates();
        return new TreeSet<>(ids);
    }

    static void sql(NodeProcess node, String statements) throws Exception {
        try (Connection c = NodeDatabase.connect(node); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }
}
