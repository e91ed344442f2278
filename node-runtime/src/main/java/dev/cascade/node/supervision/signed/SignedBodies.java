package dev.cascade.node.supervision.signed;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.node.identity.AuthorKeys;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.supervision.v1.Signed;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.SupervisionSignatures;
import dev.cascade.protocol.trust.Authorship;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;

/**
 * Signs this node's supervision bodies and checks those that arrive: the body must parse, name a
 * valid region as its author, and carry that node's signature under a chain to the national root.
 */
@ApplicationScoped
public class SignedBodies {

    @Inject
    LocalNode node;
    @Inject
    AuthorKeys authors;

    /** Parses a body of one kind; throws {@link InvalidProtocolBufferException} on bytes of another shape. */
    @FunctionalInterface
    public interface Parser<B> {
        B parse(ByteString bytes) throws InvalidProtocolBufferException;
    }

    /** What checking a signed body found. */
    public sealed interface Opened<B> permits Authentic, Refused {
    }

    /** The body, signed by the node it names. */
    public record Authentic<B>(B body, RegionCode author) implements Opened<B> {
    }

    /** Why the body was refused. */
    public record Refused<B>(String reason) implements Opened<B> {
    }

    public Signed sign(SupervisionSignatures.Kind kind, byte[] body) {
        return Signed.newBuilder().setBody(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(SupervisionSignatures.sign(node.credentials(), kind, body)))
                .addAllSignerChain(AuthorKeys.wireChain(node.credentials())).build();
    }

    /** Opens {@code signed} as a body of {@code kind} whose author is the region {@code authorOf} names. */
    public <B> Opened<B> open(Signed signed, SupervisionSignatures.Kind kind, Parser<B> parser, Function<B, String> authorOf) {
        B body;
        try {
            body = parser.parse(signed.getBody());
        } catch (InvalidProtocolBufferException e) {
            return new Refused<>(kind.name().toLowerCase() + " body cannot be read: " + e.getMessage());
        }
        RegionCode author;
        try {
            author = RegionCode.parse(authorOf.apply(body));
        } catch (IllegalArgumentException e) {
            return new Refused<>(kind.name().toLowerCase() + " names an invalid author region: " + e.getMessage());
        }
        List<X509Certificate> chain;
        try {
            chain = authors.decode(signed.getSignerChainList());
        } catch (RuntimeException e) {
            return new Refused<>("signer chain cannot be read: " + e.getMessage());
        }
        Authorship.Check check = SupervisionSignatures.verify(kind, signed.getBody().toByteArray(),
                signed.getSignature().toByteArray(), chain, author, authors.chains());
        if (check instanceof Authorship.Unproven unproven) {
            return new Refused<>(unproven.reason());
        }
        return new Authentic<>(body, author);
    }
}
