package dev.cascade.node.exchange;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Lets the routing package take the relay links' traffic: {@link RelayLinks#listen} is
 * package-private, and {@code RelayLinks} is being rewritten under the link layer, so it is not
 * changed here. This opening goes once the links offer it themselves.
 */
@Singleton
public class RelayListening {

    @Inject
    RelayLinks links;

    public void listen(RelayLinks.Listener listener) {
        links.listen(listener);
    }
}
