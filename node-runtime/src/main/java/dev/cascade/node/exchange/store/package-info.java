/**
 * What a node keeps of its exchanges: the records and their history (PostgreSQL), the certificate
 * chains they carry, the chunk spools (files), and the node's secrets at rest.
 */
package dev.cascade.node.exchange.store;
