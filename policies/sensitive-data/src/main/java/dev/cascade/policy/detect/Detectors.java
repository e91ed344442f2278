package dev.cascade.policy.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The detector for every {@link SensitiveType}, in the enum's order. Immutable and thread-safe. */
public final class Detectors {

    private final Map<SensitiveType, Detector> byType;

    private Detectors(Map<SensitiveType, Detector> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** One detector per type, over the shipped dictionaries, judging dates by the clock in Beijing. */
    public static Detectors standard() {
        CitizenIdDetector citizenIds = new CitizenIdDetector();
        return of(List.of(
                citizenIds,
                new SocialCreditCodeDetector(),
                new BankCardDetector(citizenIds),
                new MobileNumberDetector(),
                new LandlineNumberDetector(),
                new EmailAddressDetector(),
                new Ipv4AddressDetector(),
                new Ipv6AddressDetector(),
                new VehiclePlateDetector(),
                new PersonNameDetector(),
                new PostalAddressDetector()));
    }

    /** A registry of exactly these detectors: one per type, every type covered. */
    public static Detectors of(List<? extends Detector> detectors) {
        Map<SensitiveType, Detector> byType = new EnumMap<>(SensitiveType.class);
        for (Detector detector : detectors) {
            if (byType.putIfAbsent(detector.type(), detector) != null) {
                throw new IllegalArgumentException("two detectors for " + detector.type().token());
            }
        }
        for (SensitiveType type : SensitiveType.values()) {
            if (!byType.containsKey(type)) {
                throw new IllegalArgumentException("no detector for " + type.token());
            }
        }
        return new Detectors(byType);
    }

    public Detector forType(SensitiveType type) {
        return byType.get(type);
    }

    /** All detectors, in {@link SensitiveType} order. */
    public List<Detector> all() {
        return List.copyOf(byType.values());
    }

    /** Every type whose detector accepts {@code value}, in {@link SensitiveType} order. */
    public List<SensitiveType> typesOf(String value) {
        List<SensitiveType> types = new ArrayList<>(2);
        for (Detector detector : byType.values()) {
            if (detector.matches(value)) {
                types.add(detector.type());
            }
        }
        return types;
    }
}
