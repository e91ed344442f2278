package dev.cascade.node.exchange;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.node.identity.AuthorKeys;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.HaltBody;
import dev.cascade.proto.exchange.v1.UnroutableBody;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.trust.DerChain;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.NodeCredentials;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Parsing and small encodings of the exchange wire messages; a malformed message is a {@link Malformed}. */
public final class ExchangeWire {

    /** A frame that cannot be read as its type; refused with this reason. */
    public static final class Malformed extends Exception {
        public Malformed(String message) {
            super(message);
        }
    }

    private ExchangeWire() {
    }

    public static RequestBody request(ByteString body) throws Malformed {
        try {
            RequestBody r = RequestBody.parseFrom(body);
            exchangeId(r.getExchangeId());
            return r;
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("request body is not a RequestBody: " + e.getMessage());
        }
    }

    public static UpdateBody update(ByteString body) throws Malformed {
        try {
            UpdateBody u = UpdateBody.parseFrom(body);
            exchangeId(u.getExchangeId());
            return u;
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("update body is not an UpdateBody: " + e.getMessage());
        }
    }

    public static GrantBody grant(ByteString body) throws Malformed {
        try {
            return GrantBody.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("grant body is not a GrantBody: " + e.getMessage());
        }
    }

    public static ReceiptBody receipt(ByteString body) throws Malformed {
        try {
            ReceiptBody r = ReceiptBody.parseFrom(body);
            exchangeId(r.getExchangeId());
            return r;
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("receipt body is not a ReceiptBody: " + e.getMessage());
        }
    }

    public static UnroutableBody unroutable(ByteString body) throws Malformed {
        try {
            UnroutableBody u = UnroutableBody.parseFrom(body);
            exchangeId(u.getExchangeId());
            return u;
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("unroutable notice body is not an UnroutableBody: " + e.getMessage());
        }
    }

    public static HaltBody halt(ByteString body) throws Malformed {
        try {
            HaltBody h = HaltBody.parseFrom(body);
            exchangeId(h.getExchangeId());
            return h;
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("halt notice body is not a HaltBody: " + e.getMessage());
        }
    }

    /** Exchange ids name spool files and rows: only canonical UUIDs pass. */
    public static String exchangeId(String id) throws Malformed {
        try {
            if (id != null && id.length() == 36 && UUID.fromString(id).toString().equals(id)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // fall through
        }
        throw new Malformed("'" + id + "' is not an exchange id (a lower-case UUID)");
    }

    public static byte[] sm3(byte[] data) {
        return Fingerprints.sm3(data);
    }

    /** The node's application certificate, then its CA chain: what a signed message carries. */
    public static List<ByteString> appChain(NodeCredentials node) {
        return AuthorKeys.wireChain(node);
    }

    public static List<X509Certificate> chain(List<ByteString> der) throws Malformed {
        try {
            List<byte[]> raw = new ArrayList<>();
            der.forEach(b -> raw.add(b.toByteArray()));
            return DerChain.decode(DerChain.join(raw));
        } catch (RuntimeException e) {
            throw new Malformed("certificate chain cannot be read: " + e.getMessage());
        }
    }

    public static byte[] joined(List<ByteString> der) {
        return AuthorKeys.joined(der);
    }

    public static List<ByteString> split(byte[] joined) {
        List<ByteString> out = new ArrayList<>();
        DerChain.split(joined).forEach(b -> out.add(ByteString.copyFrom(b)));
        return out;
    }
}
