package dev.cascade.policy.mask;

/**
 * {@code keep(first,last)}: the first and last code points stay, every other one becomes '*'.
 *
 * <p>Counting code points rather than {@code char}s keeps a Chinese name or a supplementary-plane
 * character one unit: 张三丰 with keep(1,0) is 张**. A value no longer than first+last would be
 * revealed whole, so it is masked whole instead; the length stays visible, as with every keep.
 */
record EndKeeping(int first, int last) implements Masker {

    EndKeeping {
        if (first < 0 || last < 0) {
            throw new IllegalArgumentException("keep(first,last) needs non-negative counts");
        }
    }

    @Override
    public String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        int[] codePoints = value.codePoints().toArray();
        int length = codePoints.length;
        boolean wouldRevealAll = (long) first + last >= length;
        StringBuilder masked = new StringBuilder(value.length());
        for (int i = 0; i < length; i++) {
            boolean kept = !wouldRevealAll && (i < first || i >= length - last);
            if (kept) {
                masked.appendCodePoint(codePoints[i]);
            } else {
                masked.append('*');
            }
        }
        return masked.toString();
    }
}
