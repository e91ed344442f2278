package dev.cascade.node.link;

import java.util.List;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.RevocationUpdate;
import dev.cascade.protocol.trust.SignedRevocationList;

/**
 * The revocation lists this node enforces, as the tier link carries them: their digest goes into
 * every heartbeat, a peer that reports another digest is sent them all, and a list that arrives on
 * a link is handed here. Implemented by the node's revocations, which announce every newer list
 * with {@link RevocationsChanged}.
 */
public interface RevocationLists {

    /** Digest of every list held, as heartbeats carry it. */
    String digest();

    List<SignedRevocationList> all();

    /** A list that arrived over the link from {@code from}: stored and announced when it is newer. */
    RevocationUpdate acceptFromLink(SignedRevocationList list, RegionCode from);
}
