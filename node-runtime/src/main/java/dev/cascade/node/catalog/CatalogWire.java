package dev.cascade.node.catalog;

import java.time.Instant;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.cascade.proto.catalog.v1.ChangeBody;
import dev.cascade.protocol.catalog.CatalogChange;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.region.RegionCode;
import com.google.protobuf.ByteString;
import dev.cascade.proto.catalog.v1.CheckpointBody;
import dev.cascade.protocol.catalog.Checkpoint;

/** Catalog changes to and from the signed protobuf body. */
final class CatalogWire {

    private CatalogWire() {
    }

    static byte[] body(CatalogChange c) {
        return ChangeBody.newBuilder()
                .setOrigin(c.origin().code())
                .setSeq(c.seq())
                .setResourceId(c.resourceId())
                .setVersion(c.version())
                .setKind(c.kind() == dev.cascade.protocol.catalog.ChangeKind.UPSERT
                        ? dev.cascade.proto.catalog.v1.ChangeKind.CHANGE_KIND_UPSERT
                        : dev.cascade.proto.catalog.v1.ChangeKind.CHANGE_KIND_WITHDRAW)
                .setScope(c.scope().wire())
                .setDescriptorJson(c.descriptorJson())
                .setAtUnixMillis(c.at().toEpochMilli())
                .build()
                .toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed change */
    static CatalogChange parse(byte[] body) {
        ChangeBody b;
        try {
            b = ChangeBody.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("change body is not a ChangeBody: " + e.getMessage());
        }
        dev.cascade.protocol.catalog.ChangeKind kind = switch (b.getKind()) {
            case CHANGE_KIND_UPSERT -> dev.cascade.protocol.catalog.ChangeKind.UPSERT;
            case CHANGE_KIND_WITHDRAW -> dev.cascade.protocol.catalog.ChangeKind.WITHDRAW;
            case CHANGE_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("change kind missing");
        };
        if (b.getSeq() < 1 || b.getResourceId().isBlank() || b.getVersion() < 1) {
            throw new IllegalArgumentException("change has no sequence number, resource id or version");
        }
        return new CatalogChange(RegionCode.parse(b.getOrigin()), b.getSeq(), b.getResourceId(), b.getVersion(), kind,
                Scope.fromWire(b.getScope()), b.getDescriptorJson(), Instant.ofEpochMilli(b.getAtUnixMillis()));
    }

    static byte[] checkpointBody(Checkpoint c) {
        return CheckpointBody.newBuilder()
                .setOrigin(c.origin().code())
                .setFirstSeq(c.firstSeq())
                .addAllChangeDigests(c.changeDigests().stream().map(ByteString::copyFrom).toList())
                .build()
                .toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed checkpoint */
    static Checkpoint parseCheckpoint(byte[] body) {
        CheckpointBody b;
        try {
            b = CheckpointBody.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("checkpoint body is not a CheckpointBody: " + e.getMessage());
        }
        return new Checkpoint(RegionCode.parse(b.getOrigin()), b.getFirstSeq(),
                b.getChangeDigestsList().stream().map(ByteString::toByteArray).toList());
    }
}
