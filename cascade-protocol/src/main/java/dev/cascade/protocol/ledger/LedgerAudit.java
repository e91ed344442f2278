package dev.cascade.protocol.ledger;

import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.SignatureVerifier;
import dev.cascade.protocol.trust.Signatures;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The offline check of a ledger export ({@code docs/protocols/ledger.md} §6), trusting only the
 * node's application certificate. Fed as the export is read — the header, then
 * {@link #entry entries} in order, then {@link #head heads} ascending by size — it holds the
 * entries' leaf hashes (about 64 bytes per entry) and never the entries themselves.
 *
 * <p>The verdict names the first bad index: for an entry that is missing, misplaced or does not
 * give its stored leaf, its index; for a head that does not verify (signature, root or receipt),
 * the first index after the last head that did, since the entries up to that head are proven and
 * the ones after it are not. When several problems are found, the lowest index wins; at equal
 * indexes, the one found first. Entries past the newest head are counted as uncovered, not bad.
 *
 * <p>Not thread-safe; one audit per export.
 */
public final class LedgerAudit {

    private final ExportHeader header;
    private final X509Certificate nodeCertificate;
    private final SignatureVerifier nodeKey;
    private final FrontierLeafHashes leaves;
    private final MerkleTree tree;
    private final ReceiptCheck receipts;

    private boolean readingHeads;
    /** Set at the first entry problem: no later leaf can be placed, so no later root computed. */
    private boolean entriesBroken;
    private long nextIndex;
    private long entriesChecked;
    private long headsVerified;
    private long anchoredHeadsVerified;
    private long previousHeadSize = -1;
    private long newestHeadSize;
    private long lastVerifiedSize;
    private AuditReport.FirstBadIndex firstBad;

    private LedgerAudit(ExportHeader header, X509Certificate nodeCertificate) {
        this.header = header;
        this.nodeCertificate = nodeCertificate;
        this.nodeKey = Signatures.verifierFor(nodeCertificate.getPublicKey());
        this.leaves = new FrontierLeafHashes(header.frontier());
        this.tree = new MerkleTree(leaves);
        this.receipts = new ReceiptCheck(header.region(), header.chain());
        this.nextIndex = header.from();
        this.lastVerifiedSize = header.from();
        this.newestHeadSize = header.from();
        if (!header.chain().get(0).equals(nodeCertificate)) {
            fail(header.from(), AuditFailure.NOT_THE_NODE_CERTIFICATE, "the export's chain starts with "
                    + header.chain().get(0).getSubjectX500Principal() + ", not the trusted node certificate "
                    + nodeCertificate.getSubjectX500Principal());
        }
    }

    /**
     * Starts the audit of an export whose header is {@code header}.
     *
     * @param nodeCertificate the node's application certificate, obtained out of band: the one thing trusted
     * @throws IllegalArgumentException if the certificate's key is no node application key (SM2 or P-256)
     */
    public static LedgerAudit of(ExportHeader header, X509Certificate nodeCertificate) {
        return new LedgerAudit(Objects.requireNonNull(header, "header"),
                Objects.requireNonNull(nodeCertificate, "nodeCertificate"));
    }

    /**
     * The next entry of the export with the leaf hash the node stored for it.
     *
     * @throws IllegalStateException after the first head: an export lists all entries first
     */
    public void entry(LedgerEntry entry, byte[] storedLeafHash) {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(storedLeafHash, "storedLeafHash");
        if (readingHeads) {
            throw new IllegalStateException("entry " + entry.index() + " after the export's heads");
        }
        if (entriesBroken) {
            return;
        }
        long index = entry.index();
        if (nextIndex == header.to()) {
            breakEntries(header.to(), AuditFailure.MISPLACED_ENTRY, "entry " + index + " is beyond the export's end "
                    + header.to());
        } else if (index > nextIndex) {
            breakEntries(nextIndex, AuditFailure.MISSING_ENTRY, "entry " + nextIndex + " is missing: entry " + index
                    + " comes after entry " + (nextIndex - 1));
        } else if (index < nextIndex) {
            breakEntries(nextIndex, AuditFailure.MISPLACED_ENTRY, "entry " + index + " appears where entry " + nextIndex
                    + " belongs");
        } else if (!Arrays.equals(entry.leafHash(header.hash()), storedLeafHash)) {
            breakEntries(index, AuditFailure.LEAF_MISMATCH, "the fields of entry " + index + " (" + entry.type()
                    + ") do not give its stored leaf hash " + HexFormat.of().formatHex(storedLeafHash));
        } else {
            leaves.appendLeafHash(storedLeafHash);
            nextIndex++;
            entriesChecked++;
        }
    }

    /** The next signed head of the export, ascending by size. */
    public void head(ExportedHead exported) {
        Objects.requireNonNull(exported, "exported");
        if (!readingHeads) {
            endOfEntries();
        }
        TreeHead head = exported.head();
        long size = head.size();
        long previous = previousHeadSize;
        previousHeadSize = Math.max(previousHeadSize, size);
        if (size <= header.to()) {
            newestHeadSize = Math.max(newestHeadSize, size);
        }
        if (size <= previous) {
            headFails(AuditFailure.HEAD_MISMATCH, "a head of size " + size + " follows one of size " + previous
                    + ": heads are listed ascending by size");
        } else if (head.hash() != header.hash()) {
            headFails(AuditFailure.HEAD_MISMATCH, "the head of size " + size + " is over " + head.hash()
                    + ", the ledger over " + header.hash());
        } else if (size > header.to()) {
            headFails(AuditFailure.HEAD_MISMATCH, "the head of size " + size + " is beyond the export's end " + header.to());
        } else if (!TreeHeadSignatures.verifyWith(nodeKey, head, exported.signature())) {
            headFails(AuditFailure.BAD_HEAD_SIGNATURE, "the head of size " + size
                    + " is not signed by the node certificate's key");
        } else if (size >= header.from() && size > leaves.size()) {
            // An entry problem below this head is already reported; its root cannot be computed.
            return;
            // A head below the export's first index (the newest one before it) is checked by its
            // signature and receipt only: the frontier gives the root of size A and no smaller.
        } else if (size >= header.from() && !Arrays.equals(tree.root(size), head.rootHash())) {
            headFails(AuditFailure.HEAD_MISMATCH, "the signed head of size " + size + " has root "
                    + HexFormat.of().formatHex(head.rootHash()) + ", the exported leaves give "
                    + HexFormat.of().formatHex(tree.root(size)));
        } else if (exported.anchor().isPresent()
                && receipts.check(exported.anchor().get(), head) instanceof Authorship.Unproven unproven) {
            headFails(AuditFailure.BAD_RECEIPT, "the receipt for the head of size " + size + " does not hold: "
                    + unproven.reason());
        } else {
            headsVerified++;
            if (exported.anchor().isPresent()) {
                anchoredHeadsVerified++;
            }
            lastVerifiedSize = Math.max(lastVerifiedSize, size);
        }
    }

    /** The findings so far; call after the export's last line. */
    public AuditReport report() {
        if (!readingHeads) {
            endOfEntries();
        }
        AuditReport.Verdict verdict = firstBad == null ? new AuditReport.Verified() : firstBad;
        return new AuditReport(entriesChecked, headsVerified, anchoredHeadsVerified, header.to() - newestHeadSize, verdict);
    }

    private void endOfEntries() {
        readingHeads = true;
        if (!entriesBroken && nextIndex < header.to()) {
            breakEntries(nextIndex, AuditFailure.MISSING_ENTRY, "entry " + nextIndex + " is missing: the export ends at entry "
                    + (nextIndex - 1) + ", before its end " + header.to());
        }
    }

    private void breakEntries(long index, AuditFailure failure, String detail) {
        entriesBroken = true;
        fail(index, failure, detail);
    }

    private void headFails(AuditFailure failure, String detail) {
        fail(lastVerifiedSize, failure, detail);
    }

    private void fail(long index, AuditFailure failure, String detail) {
        if (firstBad == null || index < firstBad.index()) {
            firstBad = new AuditReport.FirstBadIndex(index, failure, detail);
        }
    }
}
