import type { StackValidationPolicy } from "@pulumi/policy";
import { exceptionConcernsStack, parseUrn, type GuardException } from "../../core/guard-exceptions";
import { takeExceptionRecords, type ExceptionOutcome } from "../lib/exceptions";
import { reportAdvisory } from "../lib/per-preview";

export const GUARD_EXCEPTIONS_POLICY_NAME = "redis-guard-exceptions";

const label = (exception: GuardException) => `Exception ${exception.policy} exceptions[${exception.index}]`;

/** What a reviewer reads about each outcome of an exception on one resource. */
const OUTCOME_MESSAGES: Readonly<Record<ExceptionOutcome, (exception: GuardException, waived: number) => string>> = {
    waived: (e, waived) => `${label(e)} waived ${waived} ${e.policy} violation(s) on this resource, until ${e.expires}: "${e.reason}".`,
    idle: (e) => `${label(e)} names this resource, which has no ${e.policy} violation: remove the exception.`,
    expired: (e) =>
        `${label(e)} expired on ${e.expires}: ${e.policy}'s violations on this resource are reported again. Renew it after a new review, or change the resource.`,
    refused: (e) =>
        `${label(e)} names one of Redis's own resources (a Redis IAM resource, or a child of RedisCloudIam or RedisManagedGuardrail): no exception covers those, so ${e.policy}'s violations on it stand.`,
};

/**
 * Lists, once per preview and after every other policy, what each reviewed
 * exception did: the violations it waived (so that reviewers see every one),
 * and the exceptions that expired, were refused, waive nothing, or match no
 * resource of this stack. Always advisory, whatever level it is given (`"all":
 * "mandatory"` included): it informs, the owning policies decide.
 */
export const redisGuardExceptions: StackValidationPolicy = {
    name: GUARD_EXCEPTIONS_POLICY_NAME,
    description:
        "Lists every reviewed exception of the pack's policies once per preview: what it waived, and any that expired, were refused, waive nothing or match nothing in this stack.",
    remediationSteps:
        "Remove an exception that has expired, waives nothing or matches nothing; renew an expired one only after a new review. Exceptions live in each policy's `exceptions` setting.",
    severity: "low",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const { configured, records } = takeExceptionRecords();
        for (const { exception, outcomes } of records) {
            for (const [urn, { outcome, waived }] of outcomes)
                reportAdvisory(reportViolation, OUTCOME_MESSAGES[outcome](exception, waived), urn);
        }
        const here = args.resources.map((resource) => parseUrn(resource.urn)).find((parts) => parts !== undefined);
        if (!here) return;
        const used = new Set(records.map(({ exception }) => `${exception.policy}#${exception.index}`));
        for (const exceptions of configured.values()) {
            for (const exception of exceptions) {
                if (used.has(`${exception.policy}#${exception.index}`) || !exceptionConcernsStack(exception, here.stack, here.project))
                    continue;
                reportAdvisory(reportViolation, `${label(exception)} (${exception.target}) matches no resource of this stack: remove it.`);
            }
        }
    },
};
