package dev.cascade.node.supervision.trace;

import dev.cascade.node.exchange.owner.DeliveredMarks;
import dev.cascade.node.exchange.owner.DeliveredMarks.Delivered;
import dev.cascade.node.exchange.source.FileFormat;
import dev.cascade.node.exchange.source.FileTable;
import dev.cascade.node.exchange.source.SourceFailure;
import dev.cascade.node.exchange.source.TextEncoding;
import dev.cascade.node.exchange.store.NodeSecrets;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.RiskAlerts;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.protocol.supervision.Severity;
import dev.cascade.protocol.watermark.LeakTrace;
import dev.cascade.protocol.watermark.LeakTrace.Scored;
import dev.cascade.protocol.watermark.LeakTrace.Verdict;
import dev.cascade.protocol.watermark.WatermarkKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * Traces a leaked file handed in by an auditor (REST) or the operator (CLI): reads it once, tests it
 * against every delivery this owner sealed, and records the trace as a risk alert with its ledger
 * entry, match or not, so the incident and what was concluded are on the record.
 *
 * <p>Every sealed delivery is a candidate, not only those of one resource: a file names no resource
 * and its columns may fit several, and candidates whose identity column or every carrier column is
 * missing from the file are left out by {@link LeakTrace} without counting against the others.
 * Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class LeakTracing {

    /** Far more than tracing needs (a few hundred rows); bounds memory for a file held whole. */
    static final int MAX_ROWS = 200_000;

    @Inject
    DeliveredMarks marks;
    @Inject
    NodeSecrets secrets;
    @Inject
    RiskAlerts alerts;
    @Inject
    LocalNode node;

    /**
     * @param by who asked, for the ledger entry ("dept:audit-office", "operator@alice")
     * @throws ProblemException 400 for an empty or unreadable file, 422 when no delivery's mark can
     *     be read from its columns
     */
    public TraceReport trace(byte[] file, FileFormat format, Optional<TextEncoding> encoding, String by) {
        if (file == null || file.length == 0) {
            throw ProblemException.badRequest("the body is empty: send the leaked file itself");
        }
        FileTable.Table table;
        try {
            table = FileTable.read(file, format, encoding, MAX_ROWS);
        } catch (SourceFailure e) {
            throw ProblemException.badRequest("the file is not readable " + format.token() + ": " + e.getMessage());
        }
        DeliveredMarks.Candidates candidates = marks.candidates();
        byte[] key = secrets.watermarkKey();
        Verdict<Delivered> verdict;
        try {
            verdict = LeakTrace.trace(WatermarkKey.of(key), table.schema(), table.rows(), candidates.marks(),
                    LeakTrace.DEFAULT_ALPHA);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        TraceReport report;
        if (verdict instanceof Verdict.Traced<Delivered> t) {
            report = new TraceReport(TraceReport.MATCH, t.rows(), t.tested(), LeakTrace.DEFAULT_ALPHA, suspect(t.best()),
                    t.alsoMatching().stream().map(LeakTracing::suspect).toList(), t.best().match().falsePositiveProbability(),
                    t.best().match().positionsRead(), t.best().match().agreeing());
        } else if (verdict instanceof Verdict.NoMatch<Delivered> n) {
            report = new TraceReport(TraceReport.NO_MATCH, n.rows(), n.tested(), LeakTrace.DEFAULT_ALPHA, null, List.of(),
                    n.best().match().falsePositiveProbability(), n.best().match().positionsRead(), n.best().match().agreeing());
        } else {
            throw untestable(table, candidates);
        }
        record(report, file, by);
        return report;
    }

    private void record(TraceReport report, byte[] file, String by) {
        String digest = HexFormat.of().formatHex(sm3(file));
        String subject = report.suspect() == null ? "no match" : report.suspect().exchangeId();
        String detail = report.suspect() == null
                ? String.format("leaked file sm3:%s (%d rows) traced by %s: no match among %d deliveries; closest at"
                        + " false-accusation probability %.3g (%d of %d positions agree)", digest, report.rowsRead(), by,
                        report.candidatesTested(), report.bestFalseAccusationProbability(), report.agreeingPositions(),
                        report.positionsRead())
                : String.format("leaked file sm3:%s (%d rows) traced by %s to exchange %s of resource %s delivered to"
                        + " department %s at node %s; false-accusation probability %.3g (%d of %d positions agree, %d"
                        + " deliveries tested)%s", digest, report.rowsRead(), by, report.suspect().exchangeId(),
                        report.suspect().resourceId(), report.suspect().consumerDepartment(),
                        report.suspect().consumerRegion(), report.bestFalseAccusationProbability(),
                        report.agreeingPositions(), report.positionsRead(), report.candidatesTested(),
                        report.alsoMatching().isEmpty() ? "" : "; also matching: " + String.join(", ",
                                report.alsoMatching().stream().map(TraceReport.Suspect::exchangeId).toList()));
        // A leak traced to a recipient is an incident every ancestor must hear of; a file that matches
        // no delivery here stays with the parent, which supervises this node.
        alerts.raise(new RiskAlerts.Raise(EventType.LEAK_TRACED, EventType.LEAK_TRACED.key(),
                report.suspect() == null ? Severity.MEDIUM : Severity.HIGH, subject, detail, List.of()), node.clock().instant());
    }

    private static TraceReport.Suspect suspect(Scored<Delivered> s) {
        Delivered d = s.delivery();
        return new TraceReport.Suspect(d.exchangeId(), d.resourceId(), d.consumerRegion(), d.consumerDept(), d.rows(),
                s.votes(), s.match().positionsRead(), s.match().agreeing(), s.match().falsePositiveProbability());
    }

    private static ProblemException untestable(FileTable.Table table, DeliveredMarks.Candidates candidates) {
        if (candidates.marks().isEmpty()) {
            return new ProblemException(422, "Nothing to trace against",
                    "this node has sealed no watermarked delivery, so no file can be traced here");
        }
        TreeSet<String> identities = new TreeSet<>();
        candidates.marks().forEach(c -> identities.add(String.join("+", c.layout().identityColumns())
                + " with one of " + c.layout().carriers().keySet()));
        return new ProblemException(422, "Untraceable columns", "the file's columns " + table.schema().columns()
                + " lack the identity column or every carrier column of each of the " + candidates.marks().size()
                + " deliveries sealed here; they need " + String.join("; or ", identities.stream().limit(5).toList())
                + (identities.size() > 5 ? "; …" : ""));
    }

    private static byte[] sm3(byte[] bytes) {
        SM3Digest sm3 = new SM3Digest();
        sm3.update(bytes, 0, bytes.length);
        byte[] out = new byte[32];
        sm3.doFinal(out, 0);
        return out;
    }
}
