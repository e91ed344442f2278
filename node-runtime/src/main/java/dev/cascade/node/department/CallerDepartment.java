package dev.cascade.node.department;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.cascade.node.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import dev.cascade.node.storage.ReactiveBridge;

/**
 * The department making the current request, from its verified token. {@link DepartmentGate}
 * admits it (it exists and is not suspended) before any resource runs, so a resource that injects
 * this bean reads an admitted department.
 */
@RequestScoped
public class CallerDepartment {

    @Inject
    JsonWebToken token;
    @Inject
    Departments departments;

    private Departments.Admission admitted;

    /** Whether the caller presented a department token (rather than an operator token, or none). */
    public boolean present() {
        return token.getAudience() != null && token.getAudience().contains(Departments.AUDIENCE);
    }

    public String id() {
        String id = token.getClaim(Departments.CLAIM);
        if (!present() || id == null || id.isBlank()) {
            throw ProblemException.forbidden("the caller is not a department");
        }
        return id;
    }

    /** The department roles in the token; any other group is ignored. */
    public Set<DepartmentRole> roles() {
        Set<DepartmentRole> roles = EnumSet.noneOf(DepartmentRole.class);
        if (present() && token.getGroups() != null) {
            for (DepartmentRole role : DepartmentRole.values()) {
                if (token.getGroups().contains(role.key())) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    /** The calling department as stored, once admitted for this request. */
    public Department department() {
        if (admitted == null) {
            throw ProblemException.forbidden("the caller is not a department");
        }
        return admitted.department();
    }

    /**
     * {@link #admit()} for blocking resources: waits on this worker thread (the department lookup
     * runs on a Vert.x context) and returns the admitted department's id.
     */
    public String admitOnWorker() {
        return admissionOnWorker().department().id();
    }

    /** As {@link #admitOnWorker()}, with the clearance the department's requests carry. */
    public Departments.Admission admissionOnWorker() {
        if (admitted != null) {
            return admitted; // DepartmentGate admitted this very request already: no second lookup
        }
        Uni<Departments.Admission> admission = admit();
        return ReactiveBridge.await(() -> admission);
    }

    /** Refuses the request unless the department exists and is not suspended. */
    public Uni<Departments.Admission> admit() {
        String id = id();
        return departments.admission(id).map(found -> {
            if (found == null) {
                throw ProblemException.forbidden("unknown department " + id);
            }
            if (found.department().suspended()) {
                throw ProblemException.forbidden("department " + id + " is suspended");
            }
            admitted = found;
            return found;
        });
    }
}
