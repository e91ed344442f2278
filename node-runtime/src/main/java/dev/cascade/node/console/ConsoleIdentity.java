package dev.cascade.node.console;

import java.util.List;
import java.util.Optional;

import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.problem.ProblemException;

/**
 * Who a console session acts as: a department with some of its roles, or the node's operator
 * (role {@value TokenSigningKey#ROLE}, no department). The same identities the REST API's bearer
 * tokens carry, so the console can do nothing a department system could not.
 */
public record ConsoleIdentity(Optional<String> dept, List<String> roles) {

    public ConsoleIdentity {
        roles = List.copyOf(roles);
    }

    /** Checks a requested identity: a department with department roles, or the operator role alone. */
    public static ConsoleIdentity of(String dept, List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw ProblemException.badRequest("a console login needs at least one role (" + DepartmentRole.allKeys() + ", or "
                    + TokenSigningKey.ROLE + ")");
        }
        List<String> keys = roles.stream().map(String::trim).filter(r -> !r.isEmpty()).distinct().toList();
        if (keys.contains(TokenSigningKey.ROLE)) {
            if (keys.size() > 1 || (dept != null && !dept.isBlank())) {
                throw ProblemException.badRequest("role " + TokenSigningKey.ROLE
                        + " is the node's operator: it takes no department and no other role");
            }
            return new ConsoleIdentity(Optional.empty(), keys);
        }
        if (dept == null || dept.isBlank()) {
            throw ProblemException.badRequest("a department login needs the department (--dept)");
        }
        // Parsing refuses an unknown role with the list of known ones.
        return new ConsoleIdentity(Optional.of(dept), keys.stream().map(r -> DepartmentRole.parse(r).key()).toList());
    }

    public boolean operator() {
        return dept.isEmpty();
    }

    /** The ledger subject of this identity's logins. */
    public String subject() {
        return dept.orElse("operator");
    }

    String rolesColumn() {
        return String.join(",", roles);
    }

    static ConsoleIdentity fromColumns(String dept, String roles) {
        return new ConsoleIdentity(Optional.ofNullable(dept), List.of(roles.split(",")));
    }
}
