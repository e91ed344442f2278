package dev.cascade.node.console.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** The roles a person gets in the console are those of the claim a department can hold, and no more. */
class ClaimMappingTest {

    private final ClaimMapping mapping = new ClaimMapping("dept", "roles", Optional.of("gd-ops"));

    @Test
    void aSpaceOrCommaSeparatedStringIsSplitAndUnknownRolesAreDropped() throws Exception {
        assertThat(mapping.map(claims("gd-tax", "consumer,approver  auditor, admin")).roles())
                .containsExactly("consumer", "approver", "auditor");
    }

    @Test
    void nodeAdminNeedsTheAdminGroupsDepartment() throws Exception {
        assertThat(mapping.map(claims("gd-tax", List.of("provider", "node-admin"))).roles()).containsExactly("provider");
        assertThat(mapping.map(claims("gd-ops", List.of("provider", "node-admin"))).roles())
                .containsExactly("provider", "node-admin");
        ClaimMapping noAdminGroup = new ClaimMapping("dept", "roles", Optional.empty());
        assertThat(noAdminGroup.map(claims("gd-ops", List.of("provider", "node-admin"))).roles()).containsExactly("provider");
    }

    @Test
    void noDepartmentOrNoRoleIsRefused() {
        assertThatThrownBy(() -> mapping.map(claims(null, "provider")))
                .isInstanceOf(LoginRefused.class).hasMessage("ID token has no department claim 'dept' (a string)");
        assertThatThrownBy(() -> mapping.map(claims("gd-tax", null)))
                .isInstanceOf(LoginRefused.class).hasMessageStartingWith("ID token for department gd-tax grants none");
        assertThatThrownBy(() -> mapping.map(claims("gd-tax", List.of("node-admin"))))
                .isInstanceOf(LoginRefused.class).hasMessageStartingWith("ID token for department gd-tax grants none");
    }

    private static JwtClaims claims(String dept, Object roles) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("li.si");
        if (dept != null) {
            claims.setClaim("dept", dept);
        }
        if (roles instanceof List<?> list) {
            claims.setStringListClaim("roles", list.stream().map(Object::toString).toList());
        } else if (roles != null) {
            claims.setClaim("roles", roles);
        }
        return claims;
    }
}
