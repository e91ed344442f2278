package dev.cascade.policy.detect;

/**
 * IPv6 addresses in the text forms of RFC 4291 §2.2: eight groups of 1–4 hex digits, at most one
 * "::" standing for one or more zero groups, and optionally a strict dotted-quad IPv4 address as
 * the last 32 bits ("::ffff:192.0.2.1"). Zone identifiers ("%eth0") and brackets belong to URLs
 * and socket addresses and are refused; so are MAC addresses and times, which a looser
 * "hex and colons" pattern would take.
 */
public final class Ipv6AddressDetector implements Detector {

    @Override
    public SensitiveType type() {
        return SensitiveType.IPV6;
    }

    @Override
    public boolean matches(String value) {
        String s = ValueText.fold(value);
        int n = s.length();
        if (n < 2 || n > 45) {
            return false;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        // Groups before and after "::" (or the whole address), each side parsed separately.
        int groups;
        if (doubleColon < 0) {
            groups = groups(s, 0, n, true);
            return groups == 8;
        }
        int head = doubleColon == 0 ? 0 : groups(s, 0, doubleColon, false);
        int tail = doubleColon + 2 == n ? 0 : groups(s, doubleColon + 2, n, true);
        return head >= 0 && tail >= 0 && head + tail <= 7;
    }

    /**
     * The number of 16-bit groups in s[from, to), a colon-separated list of hex groups (the last
     * may be a dotted quad, counting two, when {@code ipv4Allowed}); -1 if malformed.
     */
    private static int groups(String s, int from, int to, boolean ipv4Allowed) {
        int count = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == ':') {
                int length = i - start;
                if (length == 0) {
                    return -1;
                }
                if (i == to && ipv4Allowed && s.indexOf('.', start) >= 0 && s.indexOf('.', start) < to) {
                    return Ipv4AddressDetector.isDottedQuad(s, start, to) ? count + 2 : -1;
                }
                if (length > 4 || !allHex(s, start, i)) {
                    return -1;
                }
                count++;
                start = i + 1;
            }
        }
        return count;
    }

    private static boolean allHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
