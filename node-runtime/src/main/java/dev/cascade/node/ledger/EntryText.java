package dev.cascade.node.ledger;

/** The one rule for a ledger entry's detail column, shared by every path that writes entries. */
public final class EntryText {

    /** The column holds 2,000 characters; a longer detail is cut visibly, never silently. */
    public static final int MAX_DETAIL = 2000;

    private EntryText() {
    }

    public static String bounded(String detail) {
        return bounded(detail, MAX_DETAIL);
    }

    /** As above, for a column of {@code max} characters. */
    public static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 10) + " [cut]";
    }
}
