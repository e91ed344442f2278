package dev.cascade.protocol.ledger;

import dev.cascade.protocol.region.RegionCode;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What an export of ledger entries [from, to) says about itself before its entries: whose ledger,
 * under which hash function, the frontier standing for the entries before {@code from}, and the
 * node's application certificate chain (leaf first). Nothing here is trusted by itself: an audit
 * checks it against the node certificate obtained out of band and the signed heads.
 */
public record ExportHeader(RegionCode region, LedgerHash hash, long from, long to, Frontier frontier,
                           List<X509Certificate> chain) {

    public ExportHeader {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(frontier, "frontier");
        chain = List.copyOf(chain);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("an export cannot cover entries " + from + " to " + to);
        }
        if (frontier.size() != from || frontier.hash() != hash) {
            throw new IllegalArgumentException("an export from " + from + " under " + hash + " needs the " + hash
                    + " frontier of " + from + " leaves, not the " + frontier.hash() + " one of " + frontier.size());
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an export carries the node's certificate chain");
        }
    }
}
