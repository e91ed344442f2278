/**
 * The end-to-end data envelope: how an owner node delivers a stream to a consumer node through
 * intermediate nodes that only ever see ciphertext.
 *
 * <ol>
 *   <li>The owner makes a fresh {@link dev.cascade.protocol.envelope.DataKey} for the exchange, in
 *       the suite the consumer's application key calls for (GM → SM4-128-GCM, INTL → AES-256-GCM),
 *       and sends it {@linkplain dev.cascade.protocol.envelope.DataKey#wrapFor wrapped} to that key
 *       (SM2 encryption or ECIES-P256, in {@link dev.cascade.protocol.trust.KeyTransport}).</li>
 *   <li>It seals the stream with the key's one {@link dev.cascade.protocol.envelope.ChunkSealer}:
 *       chunk i under nonce i, with the exchange id, i and the final flag as associated data, and
 *       {@linkplain dev.cascade.protocol.envelope.ChunkSignatures#sign signs} every sealed chunk with
 *       its application key.</li>
 *   <li>The consumer checks each signature, unwraps the key with its own credentials and opens the
 *       chunks in order with a {@link dev.cascade.protocol.envelope.ChunkOpener}, which refuses
 *       anything altered, moved, foreign or cut short
 *       ({@link dev.cascade.protocol.envelope.EnvelopeException.Reason}).</li>
 *   <li>To keep the data, the consumer stores the chunks as received and the data key
 *       {@linkplain dev.cascade.protocol.envelope.DataKey#storeUnder re-wrapped} under its local
 *       {@link dev.cascade.protocol.envelope.StorageKey}.</li>
 * </ol>
 *
 * <p>Private keys stay in {@code trust}: this package names the node by its
 * {@link dev.cascade.protocol.trust.NodeCredentials} and never holds a private key.
 */
package dev.cascade.protocol.envelope;
