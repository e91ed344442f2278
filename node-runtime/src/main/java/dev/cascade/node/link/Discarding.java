package dev.cascade.node.link;

import io.grpc.stub.StreamObserver;

/** The inbound side of a stream this node has already refused: whatever else arrives is dropped. */
public final class Discarding<T> implements StreamObserver<T> {

    @Override
    public void onNext(T message) {
    }

    @Override
    public void onError(Throwable t) {
    }

    @Override
    public void onCompleted() {
    }
}
