package dev.cascade.policy.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plain-Java evaluation of the simple shapes most rule conditions have: field comparisons with
 * literals or other fields, list membership, and {@code && || !} over them. CEL still parses and
 * type-checks every condition; this only replaces CEL's interpreter (≈ 300 ns per comparison,
 * most of it unknown-tracking and overload dispatch) for the checked AST shapes listed below.
 *
 * <p>It gives exactly CEL's answer because within this subset CEL cannot fail: the engine always
 * fills every declared field (see {@link Facts}), the checker has proven both sides of a
 * comparison to be of one type among string, int and bool, and on those types CEL equality and
 * ordering are Java's {@code equals} and {@code Long.compare}. A differential test holds the two
 * paths to that.
 *
 * <p>Supported: bool/int/string literals; {@code var.field} of a struct variable; {@code
 * level_rank('L3')} with a literal; {@code == != < <= > >=} (ordering on ints only); {@code x in
 * [literals]}; {@code 'literal' in var.list}; {@code && || !}. Anything else leaves the condition
 * to CEL.
 */
final class NativeConditions {

    /** A compiled native condition. */
    interface Predicate {
        boolean test(Facts facts);
    }

    private interface Value {
        Object value(Facts facts);
    }

    private final CelAbstractSyntaxTree ast;

    private NativeConditions(CelAbstractSyntaxTree ast) {
        this.ast = ast;
    }

    /** The whole condition natively, if every node of it is in the supported subset. */
    static Optional<Predicate> whole(CelAbstractSyntaxTree ast) {
        return Optional.ofNullable(new NativeConditions(ast).bool(ast.getExpr()));
    }

    /**
     * The supported top-level conjuncts of a condition {@code a && b && …}: if they are false the
     * whole condition is false (CEL's {@code false && error} is false too), so CEL need not run.
     * Empty if no conjunct is supported.
     */
    static Optional<Predicate> prefilter(CelAbstractSyntaxTree ast) {
        NativeConditions translator = new NativeConditions(ast);
        List<CelExpr> conjuncts = new ArrayList<>();
        flattenAnd(ast.getExpr(), conjuncts);
        List<Predicate> supported = new ArrayList<>();
        for (CelExpr conjunct : conjuncts) {
            Predicate p = translator.bool(conjunct);
            if (p != null) {
                supported.add(p);
            }
        }
        if (supported.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(and(supported));
    }

    private static void flattenAnd(CelExpr expr, List<CelExpr> out) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_&&_")) {
            for (CelExpr arg : expr.call().args()) {
                flattenAnd(arg, out);
            }
        } else {
            out.add(expr);
        }
    }

    /** A native predicate for a bool-typed expression, or null if unsupported. */
    private Predicate bool(CelExpr expr) {
        switch (expr.getKind()) {
            case CONSTANT: {
                CelConstant c = expr.constant();
                if (c.getKind() == CelConstant.Kind.BOOLEAN_VALUE) {
                    boolean b = c.booleanValue();
                    return facts -> b;
                }
                return null;
            }
            case SELECT: {
                if (!SimpleType.BOOL.equals(typeOf(expr))) {
                    return null;
                }
                Value v = value(expr);
                if (v == null) {
                    return null;
                }
                return facts -> (Boolean) v.value(facts);
            }
            case CALL:
                return call(expr);
            default:
                return null;
        }
    }

    private Predicate call(CelExpr expr) {
        CelExpr.CelCall call = expr.call();
        if (call.target().isPresent()) {
            return null;
        }
        List<CelExpr> args = call.args();
        switch (call.function()) {
            case "_&&_":
            case "_||_": {
                List<Predicate> parts = new ArrayList<>();
                for (CelExpr arg : args) {
                    Predicate p = bool(arg);
                    if (p == null) {
                        return null;
                    }
                    parts.add(p);
                }
                return call.function().equals("_&&_") ? and(parts) : or(parts);
            }
            case "!_": {
                Predicate p = bool(args.get(0));
                return p == null ? null : facts -> !p.test(facts);
            }
            case "_==_":
            case "_!=_": {
                CelType type = primitiveType(args.get(0));
                if (type == null || !type.equals(primitiveType(args.get(1)))) {
                    return null;
                }
                if (SimpleType.BOOL.equals(type)) {
                    // Either side may itself be a comparison: (a > 1) == b.
                    Predicate left = bool(args.get(0));
                    Predicate right = bool(args.get(1));
                    if (left == null || right == null) {
                        return null;
                    }
                    return call.function().equals("_==_")
                            ? facts -> left.test(facts) == right.test(facts)
                            : facts -> left.test(facts) != right.test(facts);
                }
                Value left = value(args.get(0));
                Value right = value(args.get(1));
                if (left == null || right == null) {
                    return null;
                }
                return call.function().equals("_==_")
                        ? facts -> left.value(facts).equals(right.value(facts))
                        : facts -> !left.value(facts).equals(right.value(facts));
            }
            case "_<_":
            case "_<=_":
            case "_>_":
            case "_>=_":
                return ordering(call.function(), args);
            case "@in":
                return membership(args);
            default:
                return null;
        }
    }

    private Predicate ordering(String function, List<CelExpr> args) {
        if (!SimpleType.INT.equals(typeOf(args.get(0))) || !SimpleType.INT.equals(typeOf(args.get(1)))) {
            return null;
        }
        Value left = value(args.get(0));
        Value right = value(args.get(1));
        if (left == null || right == null) {
            return null;
        }
        switch (function) {
            case "_<_":
                return facts -> (Long) left.value(facts) < (Long) right.value(facts);
            case "_<=_":
                return facts -> (Long) left.value(facts) <= (Long) right.value(facts);
            case "_>_":
                return facts -> (Long) left.value(facts) > (Long) right.value(facts);
            default:
                return facts -> (Long) left.value(facts) >= (Long) right.value(facts);
        }
    }

    private Predicate membership(List<CelExpr> args) {
        CelExpr element = args.get(0);
        CelExpr container = args.get(1);
        CelType elementType = primitiveType(element);
        Value needle = value(element);
        if (elementType == null || needle == null) {
            return null;
        }
        if (container.getKind() == CelExpr.ExprKind.Kind.LIST) {
            Set<Object> constants = new HashSet<>();
            for (CelExpr item : container.list().elements()) {
                if (item.getKind() != CelExpr.ExprKind.Kind.CONSTANT || !elementType.equals(typeOf(item))) {
                    return null;
                }
                constants.add(constantValue(item.constant()));
            }
            return facts -> constants.contains(needle.value(facts));
        }
        CelType containerType = typeOf(container);
        if (container.getKind() == CelExpr.ExprKind.Kind.SELECT && containerType instanceof ListType list
                && list.hasElemType() && elementType.equals(list.elemType())) {
            Value haystack = value(container);
            if (haystack == null) {
                return null;
            }
            return facts -> ((List<?>) haystack.value(facts)).contains(needle.value(facts));
        }
        return null;
    }

    /** A native value for a literal, a struct field or level_rank('literal'); null if unsupported. */
    private Value value(CelExpr expr) {
        switch (expr.getKind()) {
            case CONSTANT: {
                Object constant = constantValue(expr.constant());
                return constant == null ? null : facts -> constant;
            }
            case SELECT: {
                CelExpr.CelSelect select = expr.select();
                if (select.testOnly() || select.operand().getKind() != CelExpr.ExprKind.Kind.IDENT) {
                    return null;
                }
                String variable = select.operand().ident().name();
                int root = Facts.rootOf(variable);
                if (root < 0) {
                    return null;
                }
                String field = select.field();
                String name = variable + "." + field;
                FactMap.Layout layout = ConditionVariables.layout(variable);
                int slot = layout.slot(field);
                return facts -> {
                    Map<String, Object> struct = facts.struct(root);
                    Object v = struct instanceof FactMap fm && fm.layout() == layout ? fm.valueAt(slot)
                            : struct == null ? null : struct.get(field);
                    if (v == null) {
                        // The engine fills every declared field; a gap is a bug, not a policy outcome.
                        throw new IllegalStateException("fact " + name + " is missing");
                    }
                    return v;
                };
            }
            case CALL: {
                CelExpr.CelCall call = expr.call();
                if (call.function().equals(ConditionCompiler.LEVEL_RANK) && call.target().isEmpty()
                        && call.args().size() == 1
                        && call.args().get(0).getKind() == CelExpr.ExprKind.Kind.CONSTANT
                        && call.args().get(0).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                    // Validated at compile time, so the literal is a known level.
                    Long rank = LevelRanks.rank(call.args().get(0).constant().stringValue());
                    return facts -> rank;
                }
                return null;
            }
            default:
                return null;
        }
    }

    private static Object constantValue(CelConstant constant) {
        switch (constant.getKind()) {
            case BOOLEAN_VALUE:
                return constant.booleanValue();
            case INT64_VALUE:
                return constant.int64Value();
            case STRING_VALUE:
                return constant.stringValue();
            default:
                return null;
        }
    }

    private CelType typeOf(CelExpr expr) {
        return ast.getType(expr.id()).orElse(null);
    }

    /** The checked type if it is string, int or bool (where CEL equality is Java equality), else null. */
    private CelType primitiveType(CelExpr expr) {
        CelType type = typeOf(expr);
        if (SimpleType.STRING.equals(type) || SimpleType.INT.equals(type) || SimpleType.BOOL.equals(type)) {
            return type;
        }
        return null;
    }

    private static Predicate and(List<Predicate> parts) {
        Predicate[] all = parts.toArray(new Predicate[0]);
        if (all.length == 1) {
            return all[0];
        }
        if (all.length == 2) {
            Predicate a = all[0];
            Predicate b = all[1];
            return facts -> a.test(facts) && b.test(facts);
        }
        return facts -> {
            for (Predicate p : all) {
                if (!p.test(facts)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate or(List<Predicate> parts) {
        Predicate[] all = parts.toArray(new Predicate[0]);
        return facts -> {
            for (Predicate p : all) {
                if (p.test(facts)) {
                    return true;
                }
            }
            return false;
        };
    }
}
