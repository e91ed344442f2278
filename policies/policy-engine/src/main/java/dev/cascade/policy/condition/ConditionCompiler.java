package dev.cascade.policy.condition;

import dev.cascade.protocol.catalog.DataLevel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compiles rule conditions: CEL parse and type-check against the declared variables (see
 * {@link ConditionVariables}), a bool result, literal arguments of {@code level_rank} checked, then
 * a CEL program planned once and kept with the condition. Immutable and thread-safe; building one
 * costs tens of milliseconds, so the engine shares {@link #standard()}.
 */
public final class ConditionCompiler {

    /** {@code level_rank('L3') == 3}: a level id as the integer {@link LevelRanks} uses. */
    public static final String LEVEL_RANK = "level_rank";

    private static final ConditionCompiler STANDARD = new ConditionCompiler();

    private final CelCompiler requestScope;
    private final CelCompiler fieldScope;
    private final CelRuntime runtime;

    private ConditionCompiler() {
        CelOptions options = CelOptions.current()
                // A condition iterating over fields must not be able to spin: packs come from other nodes.
                .comprehensionMaxIterations(10_000)
                .build();
        requestScope = compilerBuilder(options).build();
        fieldScope = compilerBuilder(options).addVar(ConditionVariables.FIELD, ConditionVariables.FIELD_TYPE).build();
        runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .addFunctionBindings(CelFunctionBinding.from(LEVEL_RANK + "_string", String.class, wire -> {
                    try {
                        return LevelRanks.rank(wire);
                    } catch (IllegalArgumentException e) {
                        throw new CelEvaluationException(e.getMessage(), e);
                    }
                }))
                .build();
    }

    public static ConditionCompiler standard() {
        return STANDARD;
    }

    private static CelCompilerBuilder compilerBuilder(CelOptions options) {
        return CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(ConditionVariables.typeProvider())
                .addVar(ConditionVariables.REQUEST, ConditionVariables.REQUEST_TYPE)
                .addVar(ConditionVariables.RESOURCE, ConditionVariables.RESOURCE_TYPE)
                .addVar(ConditionVariables.REQUESTER, ConditionVariables.REQUESTER_TYPE)
                .addVar(ConditionVariables.ROUTE, ConditionVariables.ROUTE_TYPE)
                .addVar(ConditionVariables.CLOCK, ConditionVariables.CLOCK_TYPE)
                .addVar(ConditionVariables.NOW, SimpleType.TIMESTAMP)
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(LEVEL_RANK,
                        CelOverloadDecl.newGlobalOverload(LEVEL_RANK + "_string", SimpleType.INT, SimpleType.STRING)))
                .setResultType(SimpleType.BOOL);
    }

    /**
     * @param perField whether the condition is judged once per requested field and may use {@code field}
     * @throws ConditionCompileException with CEL's message (line:column within the expression)
     */
    public Condition compile(String source, boolean perField) {
        if (source == null || source.isBlank()) {
            throw new ConditionCompileException("the condition is empty");
        }
        CelValidationResult result = (perField ? fieldScope : requestScope).compile(source);
        if (result.hasError()) {
            throw new ConditionCompileException(result.getErrorString());
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            throw new ConditionCompileException(e.getMessage());
        }
        List<String> badLevels = new ArrayList<>();
        collectUnknownLevels(ast.getExpr(), badLevels);
        if (!badLevels.isEmpty()) {
            String allowed = Arrays.stream(DataLevel.values()).map(DataLevel::wire).collect(Collectors.joining(", "));
            throw new ConditionCompileException("unknown level " + String.join(", ", badLevels)
                    + " in level_rank(); levels: " + allowed);
        }
        CelRuntime.Program program;
        try {
            program = runtime.createProgram(ast);
        } catch (CelEvaluationException e) {
            throw new ConditionCompileException("cannot plan the condition: " + e.getMessage());
        }
        return new Condition(source, program, NativeConditions.whole(ast).orElse(null),
                NativeConditions.prefilter(ast).orElse(null));
    }

    private static void collectUnknownLevels(CelExpr expr, List<String> out) {
        switch (expr.getKind()) {
            case CALL:
                CelExpr.CelCall call = expr.call();
                if (call.function().equals(LEVEL_RANK) && call.args().size() == 1) {
                    CelExpr arg = call.args().get(0);
                    if (arg.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                            && arg.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                        String wire = arg.constant().stringValue();
                        try {
                            DataLevel.fromWire(wire);
                        } catch (IllegalArgumentException e) {
                            out.add("'" + wire + "'");
                        }
                    }
                }
                call.target().ifPresent(t -> collectUnknownLevels(t, out));
                call.args().forEach(a -> collectUnknownLevels(a, out));
                break;
            case SELECT:
                collectUnknownLevels(expr.select().operand(), out);
                break;
            case LIST:
                expr.list().elements().forEach(e -> collectUnknownLevels(e, out));
                break;
            case MAP:
                expr.map().entries().forEach(e -> {
                    collectUnknownLevels(e.key(), out);
                    collectUnknownLevels(e.value(), out);
                });
                break;
            case COMPREHENSION:
                CelExpr.CelComprehension c = expr.comprehension();
                collectUnknownLevels(c.iterRange(), out);
                collectUnknownLevels(c.accuInit(), out);
                collectUnknownLevels(c.loopCondition(), out);
                collectUnknownLevels(c.loopStep(), out);
                collectUnknownLevels(c.result(), out);
                break;
            default:
                break;
        }
    }
}
