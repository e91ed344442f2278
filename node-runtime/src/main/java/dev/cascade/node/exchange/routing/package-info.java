/**
 * Moving exchange frames hop by hop: the ordered lanes, the one check every signed frame passes
 * ({@code FrameCheck}), a handler per frame kind, chunk flows and their pumping, purges, and
 * re-sends on link-up. What reaches an end of its route is handed to {@code OwnerEnd} or
 * {@code ConsumerEnd}, which the owner and consumer sides implement, so routing never calls into
 * them by name.
 */
package dev.cascade.node.exchange.routing;
