package dev.cascade.node.department;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.cascade.node.problem.ProblemException;

/**
 * What a department may do at this node; each role is a group in the department's token. The
 * node operator's role is deliberately not one of them: a department never administers the node.
 */
public enum DepartmentRole {
    PROVIDER(Names.PROVIDER),
    CONSUMER(Names.CONSUMER),
    APPROVER(Names.APPROVER),
    AUDITOR(Names.AUDITOR),
    /** A supervising department of the data bureau: sees this node's subtree, its alerts and reports, and directs it. */
    SUPERVISOR(Names.SUPERVISOR);

    /** The role names as constants, for {@code @RolesAllowed}. */
    public interface Names {
        String PROVIDER = "provider";
        String CONSUMER = "consumer";
        String APPROVER = "approver";
        String AUDITOR = "auditor";
        String SUPERVISOR = "supervisor";
    }

    private final String key;

    DepartmentRole(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static DepartmentRole parse(String name) {
        String wanted = name == null ? "" : name.trim();
        for (DepartmentRole role : values()) {
            if (role.key.equals(wanted)) {
                return role;
            }
        }
        throw ProblemException.badRequest("'" + wanted + "' is not a department role (one of " + allKeys() + ")");
    }

    public static String allKeys() {
        return Arrays.stream(values()).map(DepartmentRole::key).collect(Collectors.joining(", "));
    }
}
