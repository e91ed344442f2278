/**
 * Supervision across tiers, as plain values: risk alerts and their lifecycle, emergency directives
 * and where they apply, and the signatures that bind each to the node that wrote it. The node
 * runtime carries them over the tier link (docs/protocols/supervision.md).
 */
package dev.cascade.protocol.supervision;
