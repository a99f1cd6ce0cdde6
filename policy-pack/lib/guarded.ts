import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";

/**
 * Wraps a validation so that it can never fail a preview. An unknown value
 * still propagates, so that the SDK reports its "can't run policy during
 * preview" advisory; any other error becomes a violation that names the policy
 * and no value (fail closed: a guard that cannot judge must not wave through).
 */
export function guarded(
    policyName: string,
    validate: (args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>,
): ResourceValidation {
    return (args, reportViolation) => {
        const failed = (error: unknown) => {
            if (error instanceof UnknownValueError) throw error;
            reportViolation(`${policyName} could not read this resource's properties (they are malformed), so it cannot allow it.`);
        };
        try {
            // Synchronous unless the validation must wait (live discovery's first answer): then its rejection is caught alike.
            const pending = validate(args, reportViolation);
            if (pending) return pending.catch(failed);
        } catch (error) {
            failed(error);
        }
        return undefined;
    };
}

/** The policy's config object, or an empty one: `getConfig` has nothing when no policy group configures the pack. */
export function configOf(args: Pick<ResourceValidationArgs, "getConfig">): Record<string, unknown> {
    const config: unknown = args.getConfig();
    return typeof config === "object" && config !== null ? (config as Record<string, unknown>) : {};
}
