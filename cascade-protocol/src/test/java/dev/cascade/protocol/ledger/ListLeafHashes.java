package dev.cascade.protocol.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * A store that keeps leaf hashes only, like a bare database table: it relies on the default
 * {@link LeafHashes#subtreeHash}, showing the algorithms need nothing more than the read interface.
 */
final class ListLeafHashes implements LeafHashes {

    private final LedgerHash hash;
    private final List<byte[]> leafHashes = new ArrayList<>();

    ListLeafHashes(LedgerHash hash, List<byte[]> entries) {
        this.hash = hash;
        entries.forEach(entry -> leafHashes.add(hash.leafHash(entry)));
    }

    @Override
    public LedgerHash hash() {
        return hash;
    }

    @Override
    public long size() {
        return leafHashes.size();
    }

    @Override
    public byte[] leafHash(long index) {
        return leafHashes.get(Math.toIntExact(index)).clone();
    }
}
