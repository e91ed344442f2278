/**
 * The owner node's side of an exchange: the policy decision on a request for one of its resources,
 * the approver's answer, the signed updates that carry every outcome, and the delivery from the
 * provider's source ({@code exchange.source}) as sealed, signed chunks.
 */
package dev.cascade.node.exchange.owner;
