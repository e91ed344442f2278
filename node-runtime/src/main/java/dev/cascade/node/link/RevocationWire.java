package dev.cascade.node.link;

import com.google.protobuf.ByteString;

import dev.cascade.proto.tier.v1.RevocationList;
import dev.cascade.protocol.trust.SignedRevocationList;

/** Revocation lists to and from their protobuf form. */
final class RevocationWire {

    private RevocationWire() {
    }

    static RevocationList toWire(SignedRevocationList list) {
        RevocationList.Builder wire = RevocationList.newBuilder().setCrl(ByteString.copyFrom(list.crlDer()));
        list.issuerChainDer().forEach(der -> wire.addIssuerChain(ByteString.copyFrom(der)));
        return wire.build();
    }

    /** @throws IllegalArgumentException when the bytes are not a CRL and certificates */
    static SignedRevocationList fromWire(RevocationList wire) {
        return SignedRevocationList.decode(wire.getCrl().toByteArray(),
                wire.getIssuerChainList().stream().map(ByteString::toByteArray).toList());
    }
}
