package io.sigil.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.parser.CelUnparser;
import dev.cel.parser.CelUnparserFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A key's policy, compiled once by CEL (Common Expression Language, {@code dev.cel:cel}): one
 * boolean expression over the {@link PolicyInput} variables, type-checked when it is set. Its
 * <em>rules</em> are its top-level {@code &&} operands, evaluated left to right, so a denial can
 * name the rule that failed (as its source text) and the rules after a failed one are not run —
 * the same short-circuit order as the whole expression. Anything but {@code true} denies: false,
 * an error, a missing input, or exceeding the {@link PolicyLimits}.
 */
public final class CompiledPolicy {
    private static final CelOptions OPTIONS = CelOptions.current()
            .comprehensionMaxIterations(PolicyLimits.DEFAULT.maxIterations())
            .maxExpressionCodePointSize(io.sigil.wire.policy.SetPolicyRequest.MAX_EXPRESSION_CHARS)
            .maxParseRecursionDepth(64)
            .maxRegexProgramSize(500)
            .populateMacroCalls(true)
            .build();
    private static final CelCompiler COMPILER = compiler();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    private static final CelUnparser UNPARSER = CelUnparserFactory.newUnparser();

    private final String expression;
    private final List<Rule> rules;
    private final boolean readsCounters;

    private record Rule(String source, CelRuntime.Program program) {
    }

    private CompiledPolicy(String expression, List<Rule> rules, boolean readsCounters) {
        this.expression = expression;
        this.rules = rules;
        this.readsCounters = readsCounters;
    }

    private static CelCompiler compiler() {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        PolicyInput.VARIABLES.forEach(builder::addVar);
        return builder.build();
    }

    /**
     * Parses and type-checks {@code expression} (it must be a bool over the documented variables).
     *
     * @throws PolicyCompileException with the compiler's message when it does not compile
     */
    public static CompiledPolicy compile(String expression) {
        CelAbstractSyntaxTree checked;
        try {
            checked = COMPILER.compile(expression).getAst();
        } catch (CelValidationException invalid) {
            throw new PolicyCompileException(invalid.getMessage());
        }
        List<CelExpr> leaves = new ArrayList<>();
        collectConjuncts(checked.getExpr(), leaves);
        List<Rule> rules = new ArrayList<>();
        for (CelExpr leaf : leaves) {
            CelAbstractSyntaxTree ruleAst = CelAbstractSyntaxTree.newCheckedAst(leaf, checked.getSource(),
                    checked.getReferenceMap(), checked.getTypeMap());
            try {
                rules.add(new Rule(UNPARSER.unparse(ruleAst), RUNTIME.createProgram(ruleAst)));
            } catch (CelEvaluationException unplannable) {
                throw new PolicyCompileException(unplannable.getMessage());
            }
        }
        boolean readsCounters = checked.getReferenceMap().values().stream()
                .anyMatch(reference -> reference.name().startsWith("counters."));
        return new CompiledPolicy(expression, List.copyOf(rules), readsCounters);
    }

    private static void collectConjuncts(CelExpr expr, List<CelExpr> leaves) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_&&_")
                && expr.call().target().isEmpty()) {
            for (CelExpr operand : expr.call().args()) {
                collectConjuncts(operand, leaves);
            }
        } else {
            leaves.add(expr);
        }
    }

    public String expression() {
        return expression;
    }

    /** True when a rule reads {@code counters.*}: only then must a node count (a durable write) what it admits. */
    public boolean readsCounters() {
        return readsCounters;
    }

    /** The rules' source texts, in evaluation order. */
    public List<String> rules() {
        return rules.stream().map(Rule::source).toList();
    }

    public PolicyDecision evaluate(PolicyInput input) {
        return evaluate(input, PolicyLimits.DEFAULT, System::nanoTime);
    }

    /** Evaluates every rule in order within {@code limits} (one budget for the whole policy). */
    public PolicyDecision evaluate(PolicyInput input, PolicyLimits limits, LongSupplier nanoTime) {
        EvaluationBudget budget = new EvaluationBudget(limits, nanoTime);
        List<String> passed = new ArrayList<>();
        for (Rule rule : rules) {
            Object result;
            try {
                result = rule.program().trace(input.values(), budget);
                budget.checkTime();
            } catch (EvaluationBudget.Exceeded exceeded) {
                return new PolicyDecision.Denied(rule.source(), exceeded.getMessage(), List.copyOf(passed));
            } catch (CelEvaluationException failed) {
                return new PolicyDecision.Denied(rule.source(), whyFailed(failed), List.copyOf(passed));
            }
            if (!Boolean.TRUE.equals(result)) {
                String why = result instanceof Boolean ? "is false"
                        : input.isTransaction() ? "could not be evaluated (an input it reads is missing)"
                        : "reads transaction fields (tx.*) but the request is not an eth-tx transaction";
                return new PolicyDecision.Denied(rule.source(), why, List.copyOf(passed));
            }
            passed.add(rule.source());
        }
        return new PolicyDecision.Allowed(List.copyOf(passed));
    }

    private static String whyFailed(CelEvaluationException failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof EvaluationBudget.Exceeded exceeded) {
                return exceeded.getMessage();
            }
        }
        String message = failed.getMessage() == null ? "" : failed.getMessage();
        if (message.contains("Iteration budget exceeded")) {
            return "exceeds the evaluation limit of " + PolicyLimits.DEFAULT.maxIterations() + " comprehension iterations";
        }
        // CEL's messages name the operation (e.g. "/ by zero", "no such key"), not input values
        return "could not be evaluated: " + message.replaceFirst("^evaluation error at <input>:\\d+: ", "");
    }
}
