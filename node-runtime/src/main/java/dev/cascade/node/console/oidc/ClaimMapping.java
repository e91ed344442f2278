package dev.cascade.node.console.oidc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jose4j.jwt.JwtClaims;

import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.identity.TokenSigningKey;

/**
 * Turns a verified ID token's claims into who the person is at this node: the department named by
 * the department claim, and the roles of the roles claim that a department can hold. Anything else
 * in the roles claim is dropped, and {@code node-admin} is kept only for the configured admin
 * department: an identity provider run by a province must not make a city's clerk the operator of
 * the city's node by adding one word to a claim.
 */
final class ClaimMapping {

    /** Who logs in: the department id as claimed (still to be checked against this node) and the kept roles. */
    record ClaimedLogin(String dept, List<String> roles, String subject) {
    }

    private final String deptClaim;
    private final String rolesClaim;
    private final Optional<String> adminGroup;

    ClaimMapping(String deptClaim, String rolesClaim, Optional<String> adminGroup) {
        this.deptClaim = deptClaim;
        this.rolesClaim = rolesClaim;
        this.adminGroup = adminGroup.filter(g -> !g.isBlank());
    }

    ClaimedLogin map(JwtClaims claims) throws LoginRefused {
        Object dept = claims.getClaimValue(deptClaim);
        if (!(dept instanceof String id) || id.isBlank()) {
            throw new LoginRefused("ID token has no department claim '" + deptClaim + "' (a string)");
        }
        Set<String> claimed = rolesOf(claims.getClaimValue(rolesClaim));
        List<String> roles = new ArrayList<>();
        for (DepartmentRole role : DepartmentRole.values()) {
            if (claimed.contains(role.key())) {
                roles.add(role.key());
            }
        }
        if (claimed.contains(TokenSigningKey.ROLE) && adminGroup.map(id::equals).orElse(false)) {
            roles.add(TokenSigningKey.ROLE);
        }
        if (roles.isEmpty()) {
            throw new LoginRefused("ID token for department " + id + " grants none of the console's roles in '"
                    + rolesClaim + "' (" + DepartmentRole.allKeys() + ")");
        }
        Object subject = claims.getClaimValue("sub");
        return new ClaimedLogin(id, List.copyOf(roles), subject == null ? "" : subject.toString());
    }

    /** A JSON array of strings, or one string of roles separated by spaces or commas. */
    private static Set<String> rolesOf(Object value) {
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof String text) {
            for (String part : text.split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    roles.add(part);
                }
            }
        } else if (value instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof String text) {
                    roles.add(text.strip());
                }
            }
        }
        return roles;
    }
}
