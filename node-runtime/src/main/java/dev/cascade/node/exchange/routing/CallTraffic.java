package dev.cascade.node.exchange.routing;

import dev.cascade.proto.exchange.v1.ServiceAnswer;
import dev.cascade.proto.exchange.v1.ServiceCall;
import dev.cascade.protocol.region.RegionCode;

/**
 * Where routing hands service calls and their answers, as they arrive from a neighbour: the calls
 * feature implements it (relaying, or handling at the owner and consumer ends). Calls do not take
 * the exchange lanes: each is independent of every other, and none may wait behind a delivery.
 */
public interface CallTraffic {

    void call(RegionCode from, ServiceCall call);

    void answer(RegionCode from, ServiceAnswer answer);
}
