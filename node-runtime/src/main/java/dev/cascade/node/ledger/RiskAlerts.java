package dev.cascade.node.ledger;

import com.google.protobuf.ByteString;
import dev.cascade.node.identity.AuthorKeys;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.supervision.v1.AlertBody;
import dev.cascade.proto.supervision.v1.Signed;
import dev.cascade.protocol.supervision.Severity;
import dev.cascade.protocol.supervision.SupervisionSignatures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Risk alerts raised at this node: a row of the {@code alert} table (what supervisors list and
 * what climbs to the parent) and a ledger entry of the alert's {@code type} in the same
 * transaction, so an alert can be neither lost nor quietly removed. The row carries the alert as
 * this node signed it, ready to climb the tier tree (docs/protocols/supervision.md).
 */
@ApplicationScoped
public class RiskAlerts {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    EventLog events;
    @Inject
    LocalNode node;

    /**
     * An alert to raise: the ledger entry's {@code type}, the rule that fired, how serious it is,
     * what it is about, and the ledger entries (ids in {@code node_event}) that show what happened.
     */
    public record Raise(EventType type, String rule, Severity severity, String subject, String detail, List<Long> evidence) {
        public Raise {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * Raises an alert inside the caller's transaction; returns its id. The alert's own ledger entry
     * is written first and cited as the last piece of its evidence, after the caller's.
     */
    public Uni<String> raise(SqlConnection tx, Raise alert, Instant at) {
        String uid = UUID.randomUUID().toString();
        String detail = EntryText.bounded(alert.detail());
        // The entry is about what the alert is about (its subject), as every entry names its subject;
        // the alert's id leads its detail, so either finds the other.
        return events.appendReturningId(tx, alert.type(), "node", EntryText.bounded(alert.subject(), 128),
                        "alert " + uid + ": " + alert.severity().key() + " " + alert.rule() + ": " + detail, at)
                .chain(entry -> {
                    List<Long> evidence = new ArrayList<>(alert.evidence());
                    evidence.add(entry);
                    AlertBody body = AlertBody.newBuilder().setId(uid).setOrigin(node.region().code()).setRule(alert.rule())
                            .setSeverityValue(alert.severity().ordinal() + 1).setSubject(alert.subject()).setDetail(detail)
                            .addAllEvidence(evidence).setRaisedAtMs(at.toEpochMilli()).build();
                    byte[] bytes = body.toByteArray();
                    Signed signed = Signed.newBuilder().setBody(ByteString.copyFrom(bytes))
                            .setSignature(ByteString.copyFrom(SupervisionSignatures.sign(node.credentials(),
                                    SupervisionSignatures.Kind.ALERT, bytes)))
                            .addAllSignerChain(AuthorKeys.wireChain(node.credentials())).build();
                    boolean climbs = node.settings().parentRegion().isPresent();
                    return tx.preparedQuery("insert into alert (uid, raised_at, kind, subject, detail, origin, severity, evidence,"
                                    + " state, signed, climb_pending) values ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10)")
                            .execute(Tuple.from(List.of(uid, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), alert.rule(),
                                    EntryText.bounded(alert.subject(), 128), detail, node.region().code(), alert.severity().key(),
                                    citing(evidence), signed.toByteArray(), climbs)));
                })
                .replaceWith(uid);
    }

    /** The evidence column holds 400 characters: the newest entries are kept when there are more. */
    private static String citing(List<Long> evidence) {
        String all = evidence.stream().map(String::valueOf).collect(Collectors.joining(","));
        return all.length() <= 400 ? all : all.substring(all.indexOf(',', all.length() - 400) + 1);
    }

    /** Raises an alert in a transaction of its own; returns its id. */
    public String raise(Raise alert, Instant at) {
        return pool.withTransaction(tx -> raise(tx, alert, at)).await().atMost(WAIT);
    }
}
