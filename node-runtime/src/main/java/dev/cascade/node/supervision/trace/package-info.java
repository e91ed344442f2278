/**
 * Leak tracing at the owner node (decision 0019): a leaked CSV or JSON Lines copy is read once,
 * tested against the watermark of every delivery this node sealed
 * ({@link dev.cascade.protocol.watermark.LeakTrace}), and answered with the exchange and recipient
 * department it came from, or "no match", each with its false-accusation probability. Every trace
 * is a risk alert and a ledger entry ({@code leak.traced}).
 */
package dev.cascade.node.supervision.trace;
