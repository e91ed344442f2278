package dev.cascade.node.policy;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.BytesValue;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.ListValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import dev.cel.expr.CheckedExpr;
import dev.cel.expr.Constant;
import dev.cel.expr.Decl;
import dev.cel.expr.Expr;
import dev.cel.expr.ParsedExpr;
import dev.cel.expr.Reference;
import dev.cel.expr.SourceInfo;
import dev.cel.expr.Type;

/**
 * Native image: the protobuf messages cel-java's checker and runtime build (its {@code dev.cel.expr}
 * AST and type messages, and the well-known types CEL values map to). protobuf-java reaches their
 * accessors reflectively (field accessor tables for descriptors, text format in messages), and their
 * jars carry no native-image metadata. Nested classes (builders, nested messages) are included.
 */
@RegisterForReflection(targets = {
        CheckedExpr.class, Constant.class, Decl.class, Expr.class,
        ParsedExpr.class, Reference.class, SourceInfo.class, Type.class,
        Timestamp.class, Duration.class, Any.class,
        Struct.class, Value.class, ListValue.class,
        Empty.class, BoolValue.class, BytesValue.class,
        DoubleValue.class, FloatValue.class, Int32Value.class,
        Int64Value.class, StringValue.class, UInt32Value.class,
        UInt64Value.class})
final class CelNativeRegistrations {

    private CelNativeRegistrations() {
    }
}
