package dev.cascade.node.exchange.store;

/** A sealed, signed chunk as it travels and as every hop caches it; nobody on the way can read it. */
public record SpooledChunk(long index, boolean last, byte[] sealed, byte[] signature) {
}
