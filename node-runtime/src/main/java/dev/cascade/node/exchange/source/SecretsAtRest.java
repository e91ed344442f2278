package dev.cascade.node.exchange.source;

/**
 * Seals a source's secrets (a database password, API-key header values) before they are stored and
 * opens them when a source is read, so that the database alone, a dump of it or a backup, never
 * holds them in the clear. The node's storage key does it ({@code NodeSecrets}); the interface keeps
 * this package from depending on where that key lives.
 */
public interface SecretsAtRest {

    /** The form stored in {@code data_source.secrets}, bound to the resource. */
    String seal(String resourceId, String secretsJson);

    /**
     * The secrets JSON again; a value written before secrets were sealed is returned as it is.
     *
     * @throws dev.cascade.protocol.envelope.EnvelopeException KEY_REFUSED for a value sealed under
     *         another key or for another resource, or altered
     */
    String open(String resourceId, String stored);

    /** Whether a stored value is sealed (rather than left from before sealing). */
    boolean isSealed(String stored);
}
