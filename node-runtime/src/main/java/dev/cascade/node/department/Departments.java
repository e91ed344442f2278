package dev.cascade.node.department;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.reactive.mutiny.Mutiny;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * The departments attached to this node, and the tokens they call the node's API with. A token is
 * signed with the node's own key under the audience {@value #AUDIENCE}, so it is valid only at this
 * node and never for its admin API.
 */
@ApplicationScoped
public class Departments {

    public static final String AUDIENCE = "cascade-dept";
    /** The claim that carries the department id in a department token. */
    public static final String CLAIM = "dept";
    public static final String SUBJECT_PREFIX = "dept:";
    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{1,63}$");
    static final int MAX_NAME = 255;
    public static final Duration DEFAULT_TTL = Duration.ofDays(30);
    static final Duration MIN_TTL = Duration.ofMinutes(1);
    static final Duration MAX_TTL = Duration.ofDays(365);

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    Pool pool;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;
    @Inject
    CascadeConfig config;

    /** How long a department's admission is served from memory. */
    static final Duration ADMISSION_FRESH_FOR = Duration.ofSeconds(1);

    private final ConcurrentHashMap<String, CachedAdmission> admissions = new ConcurrentHashMap<>();

    /** What admitting a request needs: the department as stored, and the clearance its requests carry. */
    public record Admission(Department department, String clearance) {
    }

    public record IssuedToken(String token, String dept, List<String> roles, Instant expiresAt) {
    }

    public Uni<Department> add(String id, String name, String actor) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ProblemException.badRequest("department id '" + id + "' must be 2 to 64 characters of a-z, 0-9 and '-',"
                    + " starting with a letter or digit");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw ProblemException.badRequest("department name must be 1 to " + MAX_NAME + " characters and not blank");
        }
        DepartmentRecord record = new DepartmentRecord();
        record.id = id;
        record.name = name.strip();
        record.createdAt = node.clock().instant();
        return sessions.withTransaction(s -> s.find(DepartmentRecord.class, id)
                        .chain(existing -> {
                            if (existing != null) {
                                throw alreadyExists(id);
                            }
                            return s.persist(record)
                                    .chain(() -> events.append(s, EventType.DEPARTMENT_ADDED, actor, id, "name " + record.name));
                        }))
                // Two concurrent adds both find nothing; the primary key refuses the second.
                .onFailure(Departments::isDuplicateKey).transform(e -> alreadyExists(id))
                .replaceWith(record::view);
    }

    public Uni<List<Department>> list() {
        return sessions.withSession(s -> s.createSelectionQuery("from DepartmentRecord d order by d.id", DepartmentRecord.class)
                .getResultList()
                .map(all -> all.stream().map(DepartmentRecord::view).toList()));
    }

    /** The department, or null when there is none with this id. */
    public Uni<Department> find(String id) {
        return sessions.withSession(s -> s.find(DepartmentRecord.class, id))
                .map(r -> r == null ? null : r.view());
    }

    /**
     * The department and its clearance for the gate in front of every department request, or null
     * when there is none with this id. One prepared statement on the reactive pool: a Hibernate
     * session around a single-row read cost the busiest node a tenth of its CPU. A department found
     * is then served from memory for a second: a system calling a data service hundreds of times a
     * second reads its row once a second, and a suspension made here drops it at once.
     */
    public Uni<Admission> admission(String id) {
        long now = System.nanoTime();
        CachedAdmission held = admissions.get(id);
        if (held != null && now - held.until() < 0) {
            return Uni.createFrom().item(held.admission());
        }
        return pool.preparedQuery("select id, name, created_at, suspended_at, clearance from department where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    OffsetDateTime suspended = row.getOffsetDateTime("suspended_at");
                    Admission found = new Admission(new Department(row.getString("id"), row.getString("name"),
                            row.getOffsetDateTime("created_at").toInstant(), suspended == null ? null : suspended.toInstant()),
                            row.getString("clearance"));
                    if (admissions.size() > 10_000) {
                        admissions.clear();
                    }
                    admissions.put(id, new CachedAdmission(found, now + ADMISSION_FRESH_FOR.toNanos()));
                    return found;
                });
    }

    private record CachedAdmission(Admission admission, long until) {
    }

    /**
     * A token for a department to call this node's API with the given roles.
     *
     * @param ttl lifetime between 1 minute and 365 days; null means {@link #DEFAULT_TTL}
     */
    public Uni<IssuedToken> issueToken(String id, Collection<String> roles, Duration ttl, String actor) {
        Duration lifetime = ttl == null ? DEFAULT_TTL : ttl;
        if (lifetime.compareTo(MIN_TTL) < 0 || lifetime.compareTo(MAX_TTL) > 0) {
            throw ProblemException.badRequest("token lifetime " + lifetime.toSeconds() + "s must be between "
                    + MIN_TTL.toSeconds() + "s (1 minute) and " + MAX_TTL.toSeconds() + "s (365 days)");
        }
        Set<DepartmentRole> granted = parseRoles(roles);
        List<String> groups = granted.stream().map(DepartmentRole::key).toList();
        return sessions.withTransaction(s -> s.find(DepartmentRecord.class, id).chain(record -> {
            refuseUnlessActive(id, record == null ? null : record.view());
            Instant expiresAt = node.clock().instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
            String token = mintToken(id, groups, Map.of(), lifetime);
            return events.append(s, EventType.DEPARTMENT_TOKEN_ISSUED, actor, id,
                            "roles " + String.join(",", groups) + ", expires " + expiresAt)
                    .replaceWith(new IssuedToken(token, id, groups, expiresAt));
        }));
    }

    /** Completes when department {@code id} is attached here and not suspended; fails with the problem to answer otherwise. */
    public Uni<Void> requireActive(String id) {
        return find(id).invoke(d -> refuseUnlessActive(id, d)).replaceWithVoid();
    }

    private static void refuseUnlessActive(String id, Department department) {
        if (department == null) {
            throw ProblemException.notFound("unknown department " + id);
        }
        if (department.suspendedAt() != null) {
            throw ProblemException.conflict("department " + id + " is suspended (since " + department.suspendedAt() + ")");
        }
    }

    /**
     * A token for department {@code id} with these roles, signed with the node's key: what
     * {@link #issueToken} hands a department system, and what a console session carries. No check of
     * the department here; {@code extraClaims} cannot replace the department's own claims.
     */
    public String mintToken(String id, Collection<String> roles, Map<String, Object> extraClaims, Duration ttl) {
        Map<String, Object> claims = new HashMap<>(extraClaims);
        claims.put(CLAIM, id);
        // The private key is a small local file, read per token rather than kept in memory.
        return TokenSigningKey.mint(config.dataDir(), node.region(), SUBJECT_PREFIX + id, AUDIENCE, roles, claims, ttl);
    }

    /** Stops a department's tokens from being accepted; suspending twice changes nothing. */
    public Uni<Department> suspend(String id, String actor) {
        return sessions.withTransaction(s -> s.find(DepartmentRecord.class, id).chain(record -> {
            if (record == null) {
                throw ProblemException.notFound("unknown department " + id);
            }
            if (record.suspendedAt != null) {
                return Uni.createFrom().item(record.view());
            }
            record.suspendedAt = node.clock().instant();
            admissions.remove(id);
            return events.append(s, EventType.DEPARTMENT_SUSPENDED, actor, id, "tokens no longer accepted")
                    .replaceWith(record::view);
        })).invoke(() -> admissions.remove(id));
    }

    static Set<DepartmentRole> parseRoles(Collection<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw ProblemException.badRequest("a department token needs at least one role (" + DepartmentRole.allKeys() + ")");
        }
        Set<DepartmentRole> parsed = EnumSet.noneOf(DepartmentRole.class);
        roles.forEach(r -> parsed.add(DepartmentRole.parse(r)));
        return parsed;
    }

    private static ProblemException alreadyExists(String id) {
        return ProblemException.conflict("department " + id + " already exists");
    }

    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException
                    || t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
