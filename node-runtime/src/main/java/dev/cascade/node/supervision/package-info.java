/**
 * Supervision across tiers (docs/operator-guide.md, "Supervision"; docs/protocols/supervision.md):
 * signed reports and risk alerts climb the tier tree, emergency directives descend it. This package
 * is the link's {@link dev.cascade.node.link.SupervisionPort}; the parts live below it:
 * {@code signed} (signing and checking bodies), {@code alerts} (the alert book and lifecycle),
 * {@code climb} (own reports, sending up, receiving from children), {@code directive} (directives,
 * where they hold, and what they stop), {@code api} (REST for the supervisor role).
 */
package dev.cascade.node.supervision;
