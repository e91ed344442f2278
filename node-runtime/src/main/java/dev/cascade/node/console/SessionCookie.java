package dev.cascade.node.console;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The session cookie's name and the Set-Cookie values that write and clear it. */
final class SessionCookie {

    static final String NAME = "cascade_session";

    private SessionCookie() {
    }

    /** HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends it). */
    static String set(String token, Duration ttl, boolean secure) {
        return NAME + "=" + token + "; Path=/; Max-Age=" + ttl.toSeconds() + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String clear(boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** A Cookie request header without the session cookie; null when nothing else is left. */
    static String without(String cookieHeader) {
        String rest = Arrays.stream(cookieHeader.split(";"))
                .map(String::trim)
                .filter(c -> !c.isEmpty() && !c.startsWith(NAME + "="))
                .collect(Collectors.joining("; "));
        return rest.isEmpty() ? null : rest;
    }
}
