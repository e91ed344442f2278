package dev.cascade.node.exchange.routing;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ResumeFrom;
import dev.cascade.proto.exchange.v1.SignedReceipt;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.SignedUpdate;

/** The frames a node sends again from what it recorded: each as it was signed, with its author's chain. */
final class RelayFrames {

    private RelayFrames() {
    }

    static ExchangeFrame request(ExchangeRecord r) {
        return ExchangeFrame.newBuilder().setRequest(SignedRequest.newBuilder()
                .setBody(ByteString.copyFrom(r.requestBody())).setSignature(ByteString.copyFrom(r.requestSignature()))
                .addAllConsumerChain(ExchangeWire.split(r.requestChain()))).build();
    }

    /** The consumer's receipt: signed by the consumer node, so it carries the request's chain. */
    static ExchangeFrame receipt(ExchangeRecord r) {
        return ExchangeFrame.newBuilder().setReceipt(SignedReceipt.newBuilder()
                .setBody(ByteString.copyFrom(r.receiptBody())).setSignature(ByteString.copyFrom(r.receiptSignature()))
                .addAllConsumerChain(ExchangeWire.split(r.requestChain()))).build();
    }

    /** The newest update this node holds. */
    static ExchangeFrame update(ExchangeRecord r) {
        return ExchangeFrame.newBuilder().setUpdate(SignedUpdate.newBuilder().setBody(ByteString.copyFrom(r.updateBody()))
                .setSignature(ByteString.copyFrom(r.updateSignature()))
                .addAllOwnerChain(ExchangeWire.split(r.updateChain()))).build();
    }

    static ExchangeFrame resume(String id, long next) {
        return ExchangeFrame.newBuilder().setResume(ResumeFrom.newBuilder().setExchangeId(id).setNextIndex(next)).build();
    }
}
