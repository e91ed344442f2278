package dev.cascade.policy.inherit;

import java.util.List;

/** A pack was refused at load; every refusal found, each naming the pack and the item. */
public final class PackRefusedException extends RuntimeException {

    private final List<PackRefusal> refusals;

    public PackRefusedException(List<PackRefusal> refusals) {
        super(message(refusals));
        if (refusals.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one reason");
        }
        this.refusals = List.copyOf(refusals);
    }

    public List<PackRefusal> refusals() {
        return refusals;
    }

    private static String message(List<PackRefusal> refusals) {
        if (refusals.isEmpty()) {
            return "refused";
        }
        StringBuilder out = new StringBuilder("pack ").append(refusals.get(0).packId()).append(" refused: ");
        for (int i = 0; i < refusals.size(); i++) {
            PackRefusal r = refusals.get(i);
            out.append(i == 0 ? "" : "; ").append(r.kind()).append(' ').append(r.item()).append(": ").append(r.why());
        }
        return out.toString();
    }
}
