package dev.cascade.policy.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The period a request asks access for; a grant never outlasts it nor the policy's max validity. */
public record TimeWindow(Instant start, Instant end) {

    public TimeWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " is not after its start " + start);
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
