/**
 * The consumer node's side of an exchange: its departments' requests, the delivered chunks opened
 * and kept encrypted at rest, the receipt, and the downloads.
 */
package dev.cascade.node.exchange.consumer;
