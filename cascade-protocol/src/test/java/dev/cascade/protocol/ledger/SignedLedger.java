package dev.cascade.protocol.ledger;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.PendingJoin;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A city node's ledger with signed heads and its province's receipts, built through the real
 * onboarding and signing APIs, and exports of it as lists an audit is fed from.
 */
final class SignedLedger {

    static final RegionCode GUANGDONG = RegionCode.parse("440000");
    static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    static final RegionCode SHENZHEN = RegionCode.parse("440300");
    /** When the entries occurred; heads and receipts are dated after the certificates were issued. */
    static final long T0 = 1_767_225_600_000L;

    /** One entry line of an export: the entry and the leaf hash the node stored for it. */
    record Line(LedgerEntry entry, byte[] storedLeafHash) {
    }

    /** An export as an audit reads it. */
    record Export(ExportHeader header, List<Line> lines, List<ExportedHead> heads) {
        Export {
            lines = new ArrayList<>(lines);
            heads = new ArrayList<>(heads);
        }

        AuditReport auditWith(X509Certificate nodeCertificate) {
            LedgerAudit audit = LedgerAudit.of(header, nodeCertificate);
            lines.forEach(line -> audit.entry(line.entry(), line.storedLeafHash()));
            heads.forEach(audit::head);
            return audit.report();
        }
    }

    /** Node credentials of one hierarchy: the city node, its province, a sibling city. */
    record Hierarchy(Instant issuedAt, NodeCredentials province, NodeCredentials city, NodeCredentials sibling) {

        static Hierarchy create(KeySuite suite) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            NodeCredentials national = CertificateAuthority.initNational(suite, clock);
            NodeCredentials province = join(national, GUANGDONG, suite, clock);
            return new Hierarchy(now, province, join(province, GUANGZHOU, suite, clock), join(province, SHENZHEN, suite, clock));
        }

        private static NodeCredentials join(NodeCredentials parent, RegionCode child, KeySuite suite, Clock clock) {
            PendingJoin pending = CertificateAuthority.prepareJoin(child);
            CertificateAuthority ca = new CertificateAuthority(parent, clock);
            CsrCheck.Accepted accepted = (CsrCheck.Accepted) ca.inspect(pending.csrDer(), child);
            return CertificateAuthority.completeJoin(pending,
                    ca.chainFor(ca.issueChildCa(accepted.publicKey(), accepted.region())), suite, clock);
        }
    }

    final Hierarchy hierarchy;
    final LedgerHash hash;
    final List<LedgerEntry> entries = new ArrayList<>();
    final MemoryLeafHashes leaves;

    SignedLedger(Hierarchy hierarchy, LedgerHash hash, int size) {
        this.hierarchy = hierarchy;
        this.hash = hash;
        this.leaves = new MemoryLeafHashes(hash);
        for (int i = 0; i < size; i++) {
            LedgerEntry entry = entry(i);
            entries.add(entry);
            leaves.appendLeafHash(entry.leafHash(hash));
        }
    }

    static LedgerEntry entry(long index) {
        byte[] digest = index % 3 == 0 ? new byte[0] : ("artefact " + index).getBytes(StandardCharsets.UTF_8);
        return new LedgerEntry(index, T0 + index * 250, index % 2 == 0 ? "exchange.granted" : "catalog.published",
                index % 2 == 0 ? "gz-health" : "operator", "resource-" + index,
                "第" + index + "次变更: granted read of resource-" + index, digest);
    }

    static List<X509Certificate> appChain(NodeCredentials node) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(node.appCertificate());
        chain.addAll(node.caChain());
        return chain;
    }

    X509Certificate nodeCertificate() {
        return hierarchy.city().appCertificate();
    }

    TreeHead treeHead(long size) {
        return new TreeHead(size, new MerkleTree(leaves).root(size),
                hierarchy.issuedAt().toEpochMilli() + size * 1000, hash);
    }

    ExportedHead head(long size) {
        TreeHead head = treeHead(size);
        return new ExportedHead(head, TreeHeadSignatures.sign(hierarchy.city(), head), Optional.empty());
    }

    ExportedHead anchoredHead(long size) {
        TreeHead head = treeHead(size);
        return new ExportedHead(head, TreeHeadSignatures.sign(hierarchy.city(), head), Optional.of(anchor(head, hierarchy.province())));
    }

    /** The receipt {@code parent} gives for {@code head}, with the parent's application chain. */
    static ExportedAnchor anchor(TreeHead head, NodeCredentials parent) {
        long anchoredAt = head.timestampMillis() + 40;
        byte[] signature = AnchorReceipts.sign(parent, new AnchorReceipt(GUANGZHOU, parent.region(), anchoredAt, head));
        return new ExportedAnchor(parent.region(), anchoredAt, signature, appChain(parent));
    }

    /** Entries [from, to) with the node's stored leaves, the newest head of size ≤ from and the heads in (from, to]. */
    Export export(long from, long to, List<ExportedHead> heads) {
        List<Line> lines = new ArrayList<>();
        for (long i = from; i < to; i++) {
            lines.add(new Line(entries.get((int) i), leaves.leafHash(i)));
        }
        ExportHeader header = new ExportHeader(GUANGZHOU, hash, from, to, Frontier.of(leaves, from),
                appChain(hierarchy.city()));
        return new Export(header, lines, heads);
    }
}
