package dev.cascade.node.cli;

import javax.net.ssl.SSLException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.security.cert.CertificateException;

/** Turns a failed tier-link call into the one line an operator needs. */
final class TierErrors {

    private TierErrors() {
    }

    static String describe(StatusRuntimeException e) {
        Status status = e.getStatus();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof CertificateException) {
                return "TLS handshake failed: " + c.getMessage();
            }
        }
        if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() instanceof ConnectException) {
            return "no node answers there (" + status.getCause().getMessage() + ")";
        }
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }
}
