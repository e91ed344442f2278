/**
 * Per-recipient watermarks for tabular deliveries: {@link dev.cascade.protocol.watermark.Watermarker}
 * embeds a 64-bit mark id (derived by the node from the exchange) into the masked rows before
 * encryption; {@link dev.cascade.protocol.watermark.WatermarkDetector} reads it back from a leaked
 * copy, blind or against candidate recipients. The scheme, its parameters and what it changes are
 * described on {@code Watermarker}; the choices are recorded in
 * {@code docs/decisions/0008-delivery-watermark.md}.
 */
package dev.cascade.protocol.watermark;
