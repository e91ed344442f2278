package dev.cascade.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SHA-256 reference vectors shared by Certificate Transparency implementations (RFC 6962 /
 * RFC 9162 trees over the same eight entries), as published in transparency-dev/merkle,
 * proof/verify_test.go (variables leaves, roots, inclusionProofs, consistencyProofs; that file
 * numbers leaves from 1, these from 0). A tree that matches them interoperates with every CT
 * verifier; one that does not proves nothing to anyone outside Cascade.
 */
class MerkleTreeVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final List<byte[]> ENTRIES = hex(
            "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");

    /** Root of the first n entries, n = 1..8. */
    private static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static final String EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private record Inclusion(long index, long size, List<String> path) {
    }

    private record Consistency(long first, long second, List<String> proof) {
    }

    private static final List<Inclusion> INCLUSIONS = List.of(
            new Inclusion(0, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Inclusion(5, 8, List.of(
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Inclusion(2, 3, List.of(
                    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new Inclusion(1, 5, List.of(
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Inclusion(0, 1, List.of()));

    private static final List<Consistency> CONSISTENCIES = List.of(
            new Consistency(1, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Consistency(6, 8, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Consistency(2, 5, List.of(
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Consistency(6, 7, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Consistency(1, 1, List.of()));

    private static MerkleTree referenceTree() {
        MemoryLeafHashes log = new MemoryLeafHashes(LedgerHash.SHA256);
        ENTRIES.forEach(log::append);
        return new MerkleTree(log);
    }

    @Test
    void the_empty_tree_hashes_to_sha256_of_nothing() {
        assertThat(HEX.formatHex(referenceTree().root(0))).isEqualTo(EMPTY_ROOT);
    }

    @Test
    void roots_of_the_first_one_to_eight_entries_are_the_reference_roots() {
        MerkleTree tree = referenceTree();
        for (int n = 1; n <= 8; n++) {
            assertThat(HEX.formatHex(tree.root(n))).as("root of %d entries", n).isEqualTo(ROOTS.get(n - 1));
        }
    }

    @Test
    void audit_paths_are_the_reference_paths_and_verify() {
        MerkleTree tree = referenceTree();
        for (Inclusion v : INCLUSIONS) {
            List<byte[]> path = tree.inclusionProof(v.index(), v.size());
            assertThat(path.stream().map(HEX::formatHex).toList()).as("path of %d in %d", v.index(), v.size())
                    .isEqualTo(v.path());
            assertThat(MerkleProofs.verifyInclusion(LedgerHash.SHA256, LedgerHash.SHA256.leafHash(ENTRIES.get((int) v.index())),
                    v.index(), v.size(), hex(v.path().toArray(String[]::new)), root(v.size())))
                    .isInstanceOf(ProofCheck.Verified.class);
        }
    }

    @Test
    void consistency_proofs_are_the_reference_proofs_and_verify() {
        MerkleTree tree = referenceTree();
        for (Consistency v : CONSISTENCIES) {
            List<byte[]> proof = tree.consistencyProof(v.first(), v.second());
            assertThat(proof.stream().map(HEX::formatHex).toList()).as("proof %d → %d", v.first(), v.second())
                    .isEqualTo(v.proof());
            assertThat(MerkleProofs.verifyConsistency(LedgerHash.SHA256, v.first(), v.second(),
                    root(v.first()), root(v.second()), hex(v.proof().toArray(String[]::new))))
                    .isInstanceOf(ProofCheck.Verified.class);
        }
    }

    private static byte[] root(long size) {
        return HEX.parseHex(ROOTS.get((int) size - 1));
    }

    private static List<byte[]> hex(String... values) {
        return java.util.Arrays.stream(values).map(HEX::parseHex).toList();
    }
}
