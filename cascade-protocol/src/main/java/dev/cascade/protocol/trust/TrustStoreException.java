package dev.cascade.protocol.trust;

/** A node's on-disk PKI files are missing, unreadable or inconsistent; the message names the file. */
public final class TrustStoreException extends RuntimeException {

    public TrustStoreException(String message) {
        super(message);
    }

    public TrustStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
