/**
 * Reviewed exceptions, applied: a policy wrapped with {@link withExceptions}
 * takes an `exceptions` setting (core/guard-exceptions.ts) and waives its own
 * violations on the resource an exception names, unless the exception has
 * expired or the resource is one of Redis's own. Every outcome is recorded for
 * redis-guard-exceptions, which lists them once per preview at stack level.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    EXCEPTIONS_CONFIG_SCHEMA,
    type CheckedExceptions,
    type GuardException,
    checkExceptions,
    exceptionMatches,
    isExpired,
    parseUrn,
} from "../../core/guard-exceptions";
import { REDIS_CLOUD_IAM_TYPE, REDIS_MANAGED_GUARDRAIL_TYPE } from "../../core/type-tokens";
import { configOf } from "./guarded";
import { firstTimeThisPreview, startNextPreview } from "./per-preview";
import { isRedisIamResource } from "./redis-iam";

/** What an exception did to one resource in this preview. */
export type ExceptionOutcome = "waived" | "idle" | "expired" | "refused";

/** One exception's outcomes, by resource URN (with the number of violations waived). */
export interface ExceptionRecord {
    exception: GuardException;
    outcomes: Map<string, { outcome: ExceptionOutcome; waived: number }>;
}

/**
 * The pack's state for one preview: the exceptions each policy was configured
 * with, the problems already reported, and what each exception did. A pack
 * process serves one stack's preview; redis-guard-exceptions empties it.
 */
const configured = new Map<string, GuardException[]>();
const records = new Map<string, ExceptionRecord>();

const keyOf = (exception: GuardException) => `${exception.policy}#${exception.index}`;

function record(exception: GuardException, urn: string, outcome: ExceptionOutcome, waived = 0): void {
    let entry = records.get(keyOf(exception));
    if (!entry) records.set(keyOf(exception), (entry = { exception, outcomes: new Map() }));
    const previous = entry.outcomes.get(urn);
    entry.outcomes.set(urn, { outcome: previous?.outcome === "waived" ? "waived" : outcome, waived: (previous?.waived ?? 0) + waived });
}

/** This preview's exceptions and their outcomes, and a fresh state for the next preview. */
export function takeExceptionRecords(): { configured: Map<string, GuardException[]>; records: ExceptionRecord[] } {
    const taken = { configured: new Map(configured), records: [...records.values()] };
    configured.clear();
    records.clear();
    startNextPreview();
    return taken;
}

/** Config lists are the same object for every call of a preview: check each once. Most policies have none. */
const checkedLists = new WeakMap<object, CheckedExceptions>();
const NO_EXCEPTIONS: CheckedExceptions = { exceptions: [], problems: [] };
function checked(policy: string, list: unknown): CheckedExceptions {
    if (list === undefined) return NO_EXCEPTIONS;
    if (typeof list !== "object" || list === null) return checkExceptions(policy, list, new Date());
    let result = checkedLists.get(list);
    if (!result) checkedLists.set(list, (result = checkExceptions(policy, list, new Date())));
    return result;
}

/** Reports each problem of a policy's exceptions once per preview, with the policy's own enforcement level. */
function reportProblemsOnce(problems: readonly string[], report: ReportViolation, consequence: string): void {
    for (const problem of problems) if (firstTimeThisPreview(problem)) report(`${problem}. ${consequence}`);
}
const NOT_APPLIED = "The exception is not applied until it is fixed.";

/** Redis's own resources, which no exception may cover: Redis's IAM resources, and anything under one of the components. */
function isRedisOwn(urn: string, type: string, props: unknown): boolean {
    const chain = parseUrn(urn)?.typeChain ?? [];
    return chain.includes(REDIS_CLOUD_IAM_TYPE) || chain.includes(REDIS_MANAGED_GUARDRAIL_TYPE) || isRedisIamResource(type, props);
}

/** The policy's config without `exceptions`, so that the policy's own check of its settings never sees it. */
function withoutExceptions<A extends { getConfig: () => unknown }>(args: A): A {
    const config = configOf(args as unknown as Pick<ResourceValidationArgs, "getConfig">);
    // Most policies have no exceptions: their arguments go on as they are, without a copy per resource.
    if (!("exceptions" in config)) return args;
    const settings = { ...config };
    delete settings.exceptions;
    return { ...args, getConfig: () => settings };
}

/**
 * Runs `validate` with violations on `urn` waived by `exception`, and records
 * the outcome once `validate` is done (it may wait for live discovery).
 */
function judged(
    exception: GuardException | undefined,
    urn: string,
    isOwn: () => boolean,
    report: ReportViolation,
    validate: (report: ReportViolation) => void | Promise<void>,
): void | Promise<void> {
    if (!exception) return validate(report);
    if (isExpired(exception, new Date())) {
        record(exception, urn, "expired");
        return validate(report);
    }
    if (isOwn()) {
        record(exception, urn, "refused");
        return validate(report);
    }
    let waived = 0;
    const done = () => record(exception, urn, waived > 0 ? "waived" : "idle", waived);
    const pending = validate(() => {
        waived += 1;
    });
    if (pending instanceof Promise) return pending.then(done);
    done();
    return undefined;
}

type ExceptablePolicy = ResourceValidationPolicy & Partial<Pick<StackValidationPolicy, "validateStack">>;

/** The policy, taking reviewed exceptions in its `exceptions` setting. */
export function withExceptions<P extends ExceptablePolicy>(policy: P): P {
    const validateResource = policy.validateResource;
    if (typeof validateResource !== "function") throw new Error(`${policy.name}: withExceptions takes a single validateResource`);
    const exceptionsOf = (args: { getConfig: () => unknown }) => {
        const result = checked(policy.name, configOf(args as Pick<ResourceValidationArgs, "getConfig">).exceptions);
        configured.set(policy.name, result.exceptions);
        return result;
    };
    const validateStack = policy.validateStack;
    return {
        ...policy,
        configSchema: {
            ...policy.configSchema,
            properties: { ...(policy.configSchema?.properties ?? {}), exceptions: EXCEPTIONS_CONFIG_SCHEMA },
        },
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            const { exceptions, problems } = exceptionsOf(args);
            reportProblemsOnce(problems, report, NOT_APPLIED);
            const exception = exceptions.find((candidate) => exceptionMatches(candidate, args.urn));
            const inner = withoutExceptions(args);
            return judged(
                exception,
                args.urn,
                () => isRedisOwn(args.urn, args.type, args.props),
                report,
                (reportTo) => validateResource(inner, reportTo),
            );
        },
        ...(validateStack
            ? {
                  validateStack: (args: Parameters<StackValidationPolicy["validateStack"]>[0], report: ReportViolation) => {
                      const { exceptions, problems } = exceptionsOf(args);
                      reportProblemsOnce(problems, report, NOT_APPLIED);
                      const inner = withoutExceptions(args);
                      // A stack violation names its resource: waive it there as a resource violation would be.
                      return validateStack(inner, (message, urn) => {
                          const exception =
                              urn === undefined ? undefined : exceptions.find((candidate) => exceptionMatches(candidate, urn));
                          const resource = args.resources.find((candidate) => candidate.urn === urn);
                          if (!exception || urn === undefined || isExpired(exception, new Date()) || !resource) return report(message, urn);
                          if (isRedisOwn(urn, resource.type, resource.props)) {
                              record(exception, urn, "refused");
                              return report(message, urn);
                          }
                          record(exception, urn, "waived", 1);
                      });
                  },
              }
            : {}),
    };
}

/** The policy, refusing an `exceptions` setting once per preview: `why` says why it takes none. */
export function refusingExceptions<P extends ResourceValidationPolicy | StackValidationPolicy>(policy: P, why: string): P {
    const refusal = (args: { getConfig: () => unknown }, report: ReportViolation) => {
        if (configOf(args as Pick<ResourceValidationArgs, "getConfig">).exceptions === undefined) return;
        reportProblemsOnce(
            [`${policy.name} takes no exceptions: ${why}`],
            report,
            'Remove its "exceptions" setting: none of it is applied.',
        );
    };
    if ("validateStack" in policy && policy.validateStack) {
        const validateStack = policy.validateStack;
        return {
            ...policy,
            validateStack: (args, report) => {
                refusal(args, report);
                return validateStack(withoutExceptions(args), report);
            },
        };
    }
    const resourcePolicy = policy as ResourceValidationPolicy;
    const validateResource = resourcePolicy.validateResource;
    if (typeof validateResource !== "function") throw new Error(`${policy.name}: refusingExceptions takes a single validateResource`);
    return {
        ...policy,
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            refusal(args, report);
            return validateResource(withoutExceptions(args), report);
        },
    };
}
