package dev.cascade.policy.detect;

import java.net.IDN;

/**
 * E-mail addresses in the form people and systems actually exchange: an RFC 5322 dot-atom local
 * part (RFC 6531 lets it carry non-ASCII letters, "张三@例子.中国") and a domain of at least two
 * DNS labels whose top level is alphabetic. Quoted local parts, comments and IP-literal domains
 * are legal but belong to protocol traces, not to data tables, and are refused. Internationalised
 * domains are checked in their ASCII (punycode) form, so the DNS length limits apply to what goes
 * on the wire.
 */
public final class EmailAddressDetector implements Detector {

    private static final String ATEXT_SPECIALS = "!#$%&'*+/=?^_`{|}~-";
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_DOMAIN_LENGTH = 253;

    @Override
    public SensitiveType type() {
        return SensitiveType.EMAIL;
    }

    @Override
    public boolean matches(String value) {
        String address = ValueText.fold(value);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf('@') != at) {
            return false;
        }
        return validLocalPart(address, at) && validDomain(address.substring(at + 1));
    }

    private static boolean validLocalPart(String address, int end) {
        if (end > MAX_LOCAL_LENGTH || address.charAt(0) == '.' || address.charAt(end - 1) == '.') {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < end; i++) {
            char c = address.charAt(i);
            boolean ok = c < 128
                    ? isAsciiLetterOrDigit(c) || c == '.' || ATEXT_SPECIALS.indexOf(c) >= 0
                    : Character.isLetterOrDigit(c) || Character.isSurrogate(c);
            if (!ok || (c == '.' && previous == '.')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static boolean validDomain(String domain) {
        String ascii = domain;
        if (!isAscii(domain)) {
            try {
                ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException notAnIdn) {
                return false;
            }
        }
        if (ascii.isEmpty() || ascii.length() > MAX_DOMAIN_LENGTH) {
            return false;
        }
        int labels = 0;
        int labelStart = 0;
        for (int i = 0; i <= ascii.length(); i++) {
            if (i == ascii.length() || ascii.charAt(i) == '.') {
                if (!validLabel(ascii, labelStart, i)) {
                    return false;
                }
                labels++;
                labelStart = i + 1;
            }
        }
        return labels >= 2 && validTopLevel(ascii, ascii.lastIndexOf('.') + 1);
    }

    private static boolean validLabel(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 63 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** A top-level domain is letters only (2+) or an IDN TLD in punycode ("xn--fiqs8s" for 中国). */
    private static boolean validTopLevel(String s, int from) {
        if (s.regionMatches(true, from, "xn--", 0, 4)) {
            return s.length() - from > 4;
        }
        if (s.length() - from < 2) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
