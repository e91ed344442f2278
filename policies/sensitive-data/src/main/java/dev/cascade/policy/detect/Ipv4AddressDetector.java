package dev.cascade.policy.detect;

/**
 * IPv4 addresses in strict dotted-quad form: exactly four decimal octets 0–255 with no leading
 * zeros. "010.1.1.1" is refused because inet_aton reads it as octal (8.1.1.1) and other parsers as
 * decimal; an address whose meaning depends on the reader is not one we label. Shorthand forms
 * ("10.1", a bare 32-bit integer) are refused for the same reason.
 */
public final class Ipv4AddressDetector implements Detector {

    @Override
    public SensitiveType type() {
        return SensitiveType.IPV4;
    }

    @Override
    public boolean matches(String value) {
        String s = ValueText.fold(value);
        return isDottedQuad(s, 0, s.length());
    }

    /** True if s[from, to) is a strict dotted quad; the IPv6 detector reuses it for embedded IPv4. */
    static boolean isDottedQuad(String s, int from, int to) {
        int octets = 0;
        int i = from;
        while (octets < 4) {
            int start = i;
            int octet = 0;
            while (i < to && ValueText.isAsciiDigit(s.charAt(i))) {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return false;
                }
            }
            int length = i - start;
            if (length == 0 || octet > 255 || (length > 1 && s.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (octets < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == to;
    }
}
