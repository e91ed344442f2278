package dev.cascade.node.policy;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image: the protobuf messages cel-java's checker and runtime build (its {@code dev.cel.expr}
 * AST and type messages, and the well-known types CEL values map to). protobuf-java reaches their
 * accessors reflectively (field accessor tables for descriptors, text format in messages), and their
 * jars carry no native-image metadata. Nested classes (builders, nested messages) are included.
 */
@RegisterForReflection(targets = {
        dev.cel.expr.CheckedExpr.class, dev.cel.expr.Constant.class, dev.cel.expr.Decl.class, dev.cel.expr.Expr.class,
        dev.cel.expr.ParsedExpr.class, dev.cel.expr.Reference.class, dev.cel.expr.SourceInfo.class, dev.cel.expr.Type.class,
        com.google.protobuf.Timestamp.class, com.google.protobuf.Duration.class, com.google.protobuf.Any.class,
        com.google.protobuf.Struct.class, com.google.protobuf.Value.class, com.google.protobuf.ListValue.class,
        com.google.protobuf.Empty.class, com.google.protobuf.BoolValue.class, com.google.protobuf.BytesValue.class,
        com.google.protobuf.DoubleValue.class, com.google.protobuf.FloatValue.class, com.google.protobuf.Int32Value.class,
        com.google.protobuf.Int64Value.class, com.google.protobuf.StringValue.class, com.google.protobuf.UInt32Value.class,
        com.google.protobuf.UInt64Value.class})
final class CelNativeRegistrations {

    private CelNativeRegistrations() {
    }
}
