package dev.cascade.node.anchoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.proto.ledger.v1.AnchorRequest;
import dev.cascade.protocol.ledger.AnchorCheck;
import dev.cascade.protocol.ledger.LedgerHash;
import dev.cascade.protocol.ledger.MemoryLeafHashes;
import dev.cascade.protocol.ledger.MerkleTree;
import dev.cascade.protocol.ledger.TreeHead;
import dev.cascade.protocol.trust.DerChain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for an anchoring request as the parent reads it from a child ({@code
 * LedgerAnchoring.judge}): the gRPC layer reads the {@link AnchorRequest}, the head is decoded, the
 * author chain read, and the head judged against the one anchored before — here the child's first
 * {@value #ANCHORED} entries (see {@link #childLedger}). A clear refusal is the
 * {@link IllegalArgumentException} of the head or the chain (INVALID_ARGUMENT on the wire) or a
 * verdict other than {@link AnchorCheck.Extends}; anything else is a finding. The signature check
 * between the two needs the parent's trust store and is left to the chain targets.
 */
@Tag("fuzz")
public class AnchorRequestFuzzTest {

    public static final int ANCHORED = 5;

    private static final MerkleTree CHILD = childLedger(13);
    private static final TreeHead ANCHORED_HEAD = head(ANCHORED);

    @FuzzTest
    @Timeout(10)
    void an_anchor_request_is_judged_or_refused_with_a_reason(byte[] input) {
        AnchorRequest request;
        try {
            request = AnchorRequest.parseFrom(input);
        } catch (InvalidProtocolBufferException refusedByGrpc) {
            return;
        }
        TreeHead head;
        try {
            head = TreeHead.decode(request.getHead().toByteArray());
            DerChain.decode(DerChain.join(request.getChainList().stream().map(ByteString::toByteArray).toList()));
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        List<byte[]> proof = request.getConsistencyProofList().stream().map(ByteString::toByteArray).toList();
        AnchorCheck.Verdict verdict = AnchorCheck.judge(Optional.of(ANCHORED_HEAD), head, request.getFromSize(), proof);
        assertThat(verdict).isNotNull();
        assertThat(AnchorCheck.judge(Optional.empty(), head, request.getFromSize(), proof)).isNotNull();
    }

    /** The child's ledger: leaves "entry 0" … in SM3, the same in every run. */
    private static MerkleTree childLedger(int size) {
        MemoryLeafHashes leaves = new MemoryLeafHashes(LedgerHash.SM3);
        for (int i = 0; i < size; i++) {
            leaves.append(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        return new MerkleTree(leaves);
    }

    /** The child's head at {@code size} (at most 13), as its ledger signs it. */
    public static TreeHead head(long size) {
        return new TreeHead(size, CHILD.root(size), 1_764_547_200_000L + size, LedgerHash.SM3);
    }

    /** The child's proof that its head at {@code to} extends the one at {@code from}. */
    public static List<byte[]> proof(long from, long to) {
        return CHILD.consistencyProof(from, to);
    }
}
