package dev.cascade.node.console.oidc;

/**
 * A login the node will not turn into a session, with a reason fit for the log: it names the
 * check that failed and never carries a code, a token or a claim set.
 */
final class LoginRefused extends Exception {

    LoginRefused(String reason) {
        super(reason, null, false, false);
    }
}
