package dev.cascade.node.policy;

import java.util.HexFormat;

import com.google.protobuf.ByteString;

import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.proto.tier.v1.SignedPolicyPack;
import dev.cascade.protocol.region.RegionCode;

/**
 * One policy pack as its issuer signed it: the pack file's exact bytes, the detached signature
 * file (which carries the issuer's application certificate and CA chain), and the pack they parse to.
 */
public record SignedPack(PolicyPack pack, byte[] body, byte[] signature) {

    public SignedPack {
        body = body.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public RegionCode issuer() {
        return pack.issuer();
    }

    /** SHA-256 of the pack file's bytes, hex: what operators compare with the file they published. */
    public String sha256() {
        return sha256(body);
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Lineage.sha256().digest(bytes));
    }

    SignedPolicyPack toWire() {
        return SignedPolicyPack.newBuilder().setPack(ByteString.copyFrom(body)).setSignature(ByteString.copyFrom(signature))
                .build();
    }

    @Override
    public String toString() {
        return pack.toString();
    }
}
