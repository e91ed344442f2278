/**
 * The Merkle tree of the tamper-evident audit ledger, as RFC 9162 §2.1 (Certificate Transparency
 * v2) defines it, over SM3 or SHA-256 ({@link dev.cascade.protocol.ledger.LedgerHash}).
 * {@link dev.cascade.protocol.ledger.MerkleTree} computes roots, audit paths and consistency
 * proofs over any {@link dev.cascade.protocol.ledger.LeafHashes} store;
 * {@link dev.cascade.protocol.ledger.MerkleProofs} verifies them from hashes alone;
 * {@link dev.cascade.protocol.ledger.TreeHead} is the state a node signs with
 * {@link dev.cascade.protocol.ledger.TreeHeadSignatures}, and a parent anchors with an
 * {@link dev.cascade.protocol.ledger.AnchorReceipt}. {@link dev.cascade.protocol.ledger.LedgerAudit}
 * checks an export of entries offline (docs/protocols/ledger.md §6), from a
 * {@link dev.cascade.protocol.ledger.Frontier} on. Pure Java: a node backs {@code LeafHashes} with
 * PostgreSQL.
 */
package dev.cascade.protocol.ledger;
