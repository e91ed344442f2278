package dev.cascade.node.supervision.climb;

import java.util.Arrays;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.proto.supervision.v1.ReportBody;
import dev.cascade.proto.supervision.v1.Signed;
import io.smallrye.mutiny.Uni;
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
import java.util.Optional;

/**
 * The signed reports a node keeps: its own, and every report from its subtree that climbed to it
 * (verified on arrival). Each is stored once, as its origin signed it, and climbs on from here
 * until the parent acknowledges it.
 */
@ApplicationScoped
public class ReportBook {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    /** A stored report: the row's key, the signed form, the parsed body. */
    public record Stored(String region, Instant periodFrom, Signed signed, ReportBody body) {
    }

    /** Stores a report (and makes it its region's newest when it is); false when it was held already. */
    public boolean store(ReportBody body, Signed signed, Optional<String> receivedFrom, boolean climbs, Instant now) {
        OffsetDateTime from = utc(Instant.ofEpochMilli(body.getPeriodFromMs()));
        return pool.withTransaction(tx -> tx.preparedQuery("insert into supervision_report (region, period_from, period_to, seq,"
                                + " signed, received_from, received_at, climb_pending) values ($1, $2, $3, $4, $5, $6, $7, $8)"
                                + " on conflict do nothing")
                        .execute(Tuple.from(Arrays.asList(body.getRegion(), from, utc(Instant.ofEpochMilli(body.getPeriodToMs())),
                                body.getSeq(), signed.toByteArray(), receivedFrom.orElse(null), utc(now), climbs)))
                        .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().item(false)
                                : tx.preparedQuery("insert into supervision_newest (region, period_from, signed) values ($1, $2, $3)"
                                        + " on conflict (region) do update set period_from = excluded.period_from, signed = excluded.signed"
                                        + " where supervision_newest.period_from < excluded.period_from")
                                        .execute(Tuple.of(body.getRegion(), from, signed.toByteArray())).replaceWith(true)))
                .await().atMost(WAIT);
    }

    /** Reports waiting to climb, oldest first. */
    public List<Stored> climbing(int limit) {
        return read("select region, period_from, signed from supervision_report where climb_pending order by received_at limit $1",
                Tuple.of(limit));
    }

    public void climbed(List<Stored> sent) {
        if (sent.isEmpty()) {
            return;
        }
        pool.preparedQuery("update supervision_report set climb_pending = false where region = $1 and period_from = $2")
                .executeBatch(sent.stream().map(s -> Tuple.of(s.region(), utc(s.periodFrom()))).toList()).await().atMost(WAIT);
    }

    /** The newest report of every region this node holds reports of (itself and its subtree). */
    public List<Stored> newestPerRegion() {
        return read("select region, period_from, signed from supervision_newest order by region", Tuple.tuple());
    }

    /** Every report of a region, or of all regions, whose period ends in [from, to), oldest first. */
    public List<Stored> inPeriod(Optional<String> region, Instant from, Instant to) {
        return region.isPresent()
                ? read("select region, period_from, signed from supervision_report where region = $1 and period_to > $2"
                        + " and period_to <= $3 order by period_from", Tuple.of(region.get(), utc(from), utc(to)))
                : read("select region, period_from, signed from supervision_report where period_to > $1 and period_to <= $2"
                        + " order by region, period_from", Tuple.of(utc(from), utc(to)));
    }

    /** Where this node's own reports end: the next one starts there. */
    public Optional<Instant> lastOwnPeriodEnd(String self) {
        var rows = pool.preparedQuery("select max(period_to) from supervision_report where region = $1").execute(Tuple.of(self))
                .await().atMost(WAIT);
        OffsetDateTime t = rows.iterator().next().getOffsetDateTime(0);
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }

    private List<Stored> read(String sql, Tuple args) {
        List<Stored> out = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(args).await().atMost(WAIT)) {
            try {
                Signed signed = Signed.parseFrom(row.getBuffer("signed").getBytes());
                out.add(new Stored(row.getString("region"), row.getOffsetDateTime("period_from").toInstant(), signed,
                        ReportBody.parseFrom(signed.getBody())));
            } catch (InvalidProtocolBufferException e) {
                // Stored only after it was verified; a row that no longer parses is skipped, not fatal.
            }
        }
        return out;
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
