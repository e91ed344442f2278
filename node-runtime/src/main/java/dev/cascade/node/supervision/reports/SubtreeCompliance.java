package dev.cascade.node.supervision.reports;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.supervision.v1.DepartmentCompliance;
import dev.cascade.proto.supervision.v1.ReportBody;
import dev.cascade.proto.supervision.v1.Signed;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The compliance sections of the descendants' signed reports ({@code supervision_report}, verified
 * on arrival), summed per region and department over the reports whose period lies in [from, to).
 * A report straddling a bound is left out rather than guessed at: with 30-s periods, a subtree
 * report is exact to the period.
 */
@ApplicationScoped
public class SubtreeCompliance {

    private static final Logger LOG = Logger.getLogger(SubtreeCompliance.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    LocalNode node;

    /** Per descendant region (ascending), its departments' summed counts, and how many reports went in. */
    public record RegionCounts(String region, int reports, List<DepartmentCounts> departments) {
    }

    public List<RegionCounts> sum(Instant from, Instant to) {
        List<Row> rows = pool.preparedQuery("select region, signed from supervision_report where region <> $1"
                        + " and period_from >= $2 and period_to <= $3 order by region, period_from")
                .execute(Tuple.of(node.region().code(), OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(to, ZoneOffset.UTC)))
                .map(set -> {
                    List<Row> out = new ArrayList<>();
                    set.forEach(out::add);
                    return out;
                }).await().atMost(WAIT);
        Map<String, Map<String, DepartmentCounts>> byRegion = new TreeMap<>();
        Map<String, Integer> reports = new TreeMap<>();
        for (Row r : rows) {
            String region = r.getString("region");
            ReportBody body;
            try {
                body = ReportBody.parseFrom(Signed.parseFrom(r.getBuffer("signed").getBytes()).getBody());
            } catch (InvalidProtocolBufferException e) {
                LOG.warnf("stored report of %s does not parse; left out of the subtree sums: %s", region, e.getMessage());
                continue;
            }
            if (!body.getRegion().equals(region)) {
                LOG.warnf("stored report filed under %s is signed for %s; left out of the subtree sums", region, body.getRegion());
                continue;
            }
            reports.merge(region, 1, Integer::sum);
            Map<String, DepartmentCounts> depts = byRegion.computeIfAbsent(region, k -> new TreeMap<>());
            for (DepartmentCompliance c : body.getComplianceList()) {
                depts.merge(c.getDepartment(), DepartmentCounts.fromProto(region, c), DepartmentCounts::plus);
            }
        }
        List<RegionCounts> out = new ArrayList<>();
        reports.forEach((region, n) -> out.add(new RegionCounts(region, n,
                List.copyOf(byRegion.getOrDefault(region, Map.of()).values()))));
        return out;
    }
}
