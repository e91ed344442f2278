package dev.cascade.node.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.department.Departments;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import io.smallrye.mutiny.Uni;

/**
 * One-time login codes: the operator's CLI asks for one, the person opens the link, and the code is
 * spent on that first use. Only the code's SHA-256 is stored, so neither the table nor a backup
 * holds a usable login.
 */
@ApplicationScoped
public class LoginCodes {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    Departments departments;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;
    @Inject
    CascadeConfig config;

    public record Issued(String code, ConsoleIdentity who, Instant expiresAt) {
    }

    /** Why a code opened no session; the key is what the console's login page shows. */
    public enum Refusal {
        UNKNOWN("unknown"), USED("used"), EXPIRED("expired");

        public final String key;

        Refusal(String key) {
            this.key = key;
        }
    }

    /** A redeemed code: the identity it was issued for, or why it is refused. */
    public sealed interface Redemption {
        record Valid(ConsoleIdentity who) implements Redemption {
        }

        record Refused(Refusal refusal) implements Redemption {
        }
    }

    public Uni<Issued> issue(ConsoleIdentity who, String actor) {
        Uni<Void> admitted = who.dept().map(departments::requireActive).orElse(Uni.createFrom().voidItem());
        return admitted.chain(() -> {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String code = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Instant now = node.clock().instant();
            LoginCodeRecord record = new LoginCodeRecord();
            record.codeHash = hash(code);
            record.dept = who.dept().orElse(null);
            record.roles = who.rolesColumn();
            record.issuedBy = actor;
            record.createdAt = now;
            record.expiresAt = now.plus(config.console().loginCodeTtl()).truncatedTo(ChronoUnit.SECONDS);
            return sessions.withTransaction(s -> s.createMutationQuery("delete from LoginCodeRecord where expiresAt < :old")
                    .setParameter("old", now.minus(1, ChronoUnit.DAYS)).executeUpdate()
                    .chain(() -> s.persist(record))
                    .chain(() -> events.append(s, EventType.CONSOLE_LOGIN_ISSUED, actor, who.subject(),
                            "console login link for roles " + who.rolesColumn() + ", usable once until " + record.expiresAt))
                    .replaceWith(new Issued(code, who, record.expiresAt)));
        });
    }

    /** Spends a code: under a row lock, so two browsers opening the same link cannot both get a session. */
    public Uni<Redemption> redeem(String code) {
        if (code == null || code.isBlank() || code.length() > 128) {
            return Uni.createFrom().item(new Redemption.Refused(Refusal.UNKNOWN));
        }
        Instant now = node.clock().instant();
        return sessions.withTransaction(s -> s.find(LoginCodeRecord.class, hash(code), LockModeType.PESSIMISTIC_WRITE).map(record -> {
            if (record == null) {
                return new Redemption.Refused(Refusal.UNKNOWN);
            }
            if (record.usedAt != null) {
                return new Redemption.Refused(Refusal.USED);
            }
            if (!now.isBefore(record.expiresAt)) {
                return new Redemption.Refused(Refusal.EXPIRED);
            }
            record.usedAt = now;
            return new Redemption.Valid(ConsoleIdentity.fromColumns(record.dept, record.roles));
        }));
    }

    static byte[] hash(String code) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
