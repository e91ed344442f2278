package dev.cascade.policy.pack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The packs shipped with Cascade ({@code policies/packs} in the repository), read from this jar: the
 * exact bytes of each {@code pack.yaml}, as a node signs them. A national node bootstraps with
 * {@link #NATIONAL_BASELINE}.
 */
public final class ShippedPacks {

    public static final String NATIONAL_BASELINE = "national-baseline";
    public static final String GUANGDONG_EXAMPLE = "guangdong-example";

    /** Every shipped pack, root first. */
    public static final List<String> ALL = List.of(NATIONAL_BASELINE, GUANGDONG_EXAMPLE);

    private static final String ROOT = "dev/cascade/policy/packs/";

    private ShippedPacks() {
    }

    /**
     * The bytes of a shipped pack's {@code pack.yaml}.
     *
     * @throws IllegalArgumentException if no pack of that name is shipped
     */
    public static byte[] bytes(String packId) {
        if (!ALL.contains(packId)) {
            throw new IllegalArgumentException("no shipped pack '" + packId + "'; shipped: " + String.join(", ", ALL));
        }
        String resource = ROOT + packId + "/pack.yaml";
        try (InputStream in = ShippedPacks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shipped pack " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shipped pack " + resource, e);
        }
    }

    /** A shipped pack, parsed. */
    public static PolicyPack pack(String packId) {
        return PolicyPack.parse(bytes(packId), ROOT + packId + "/pack.yaml");
    }
}
