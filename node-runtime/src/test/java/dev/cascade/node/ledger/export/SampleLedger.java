package dev.cascade.node.ledger.export;

import dev.cascade.protocol.ledger.AnchorReceipt;
import dev.cascade.protocol.ledger.AnchorReceipts;
import dev.cascade.protocol.ledger.ExportHeader;
import dev.cascade.protocol.ledger.ExportedAnchor;
import dev.cascade.protocol.ledger.ExportedHead;
import dev.cascade.protocol.ledger.Frontier;
import dev.cascade.protocol.ledger.LedgerEntry;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.ledger.MemoryLeafHashes;
import dev.cascade.protocol.ledger.MerkleTree;
import dev.cascade.protocol.ledger.TreeHead;
import dev.cascade.protocol.ledger.TreeHeadSignatures;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.PendingJoin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A city node's signed ledger, built through the real onboarding and signing APIs, written as
 * export files: heads every {@code headEvery} entries, each anchored by the province.
 */
public final class SampleLedger {

    public static final RegionCode PROVINCE = RegionCode.parse("440000");
    public static final RegionCode CITY = RegionCode.parse("440100");

    private final NodeCredentials province;
    private final NodeCredentials city;
    private final long issuedAt;
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final MemoryLeafHashes leaves = new MemoryLeafHashes(LedgerHash.SM3);
    private final int headEvery;

    public SampleLedger(int size, int headEvery) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        NodeCredentials national = CertificateAuthority.initNational(KeySuite.GM, clock);
        province = join(national, PROVINCE, clock);
        city = join(province, CITY, clock);
        issuedAt = now.toEpochMilli();
        this.headEvery = headEvery;
        for (int i = 0; i < size; i++) {
            LedgerEntry entry = new LedgerEntry(i, issuedAt + i, i % 2 == 0 ? "exchange.granted" : "catalog.published",
                    "gz-health", "resource-" + i, "第" + i + "次: granted read of resource-" + i,
                    i % 3 == 0 ? new byte[0] : new byte[] {(byte) i, 7});
            entries.add(entry);
            leaves.appendLeafHash(entry.leafHash(LedgerHash.SM3));
        }
    }

    private static NodeCredentials join(NodeCredentials parent, RegionCode child, Clock clock) {
        PendingJoin pending = CertificateAuthority.prepareJoin(child);
        CertificateAuthority ca = new CertificateAuthority(parent, clock);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) ca.inspect(pending.csrDer(), child);
        return CertificateAuthority.completeJoin(pending,
                ca.chainFor(ca.issueChildCa(accepted.publicKey(), accepted.region())), KeySuite.GM, clock);
    }

    public X509Certificate nodeCertificate() {
        return city.appCertificate();
    }

    public NodeCredentials province() {
        return province;
    }

    /** The export of entries [from, to), as the node's auditor API would stream it. */
    public byte[] export(long from, long to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LedgerExportWriter writer = LedgerExportFile.writer(out)) {
            writer.header(new ExportHeader(CITY, LedgerHash.SM3, from, to, Frontier.of(leaves, from), appChain(city)));
            for (long i = from; i < to; i++) {
                writer.entry(entries.get((int) i), leaves.leafHash(i));
            }
            long newestBefore = from / headEvery * headEvery;
            for (long size = newestBefore == 0 ? headEvery : newestBefore; size <= to; size += headEvery) {
                writer.head(head(size));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private ExportedHead head(long size) {
        TreeHead head = new TreeHead(size, new MerkleTree(leaves).root(size), issuedAt + size * 10, LedgerHash.SM3);
        long anchoredAt = head.timestampMillis() + 5;
        byte[] receipt = AnchorReceipts.sign(province, new AnchorReceipt(CITY, PROVINCE, anchoredAt, head));
        return new ExportedHead(head, TreeHeadSignatures.sign(city, head),
                Optional.of(new ExportedAnchor(PROVINCE, anchoredAt, receipt, appChain(province))));
    }

    private static List<X509Certificate> appChain(NodeCredentials node) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(node.appCertificate());
        chain.addAll(node.caChain());
        return chain;
    }
}
