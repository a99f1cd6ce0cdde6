/**
 * No silent misconfiguration: the Pulumi CLI lets a setting that a policy's
 * schema does not name through (the analyzer protocol drops
 * `additionalProperties`, FACTS.md), and the SDK hands the policy its whole
 * config. A wrapped policy refuses such a setting once per preview, with its
 * own enforcement level, naming it and the nearest known one, instead of
 * protecting less than its reviewer believes.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { closestName } from "../../core/values";
import { configOf } from "./guarded";
import { firstTimeThisPreview } from "./per-preview";

/** `enforcementLevel` is the SDK's, never handed to the policy; a misspelt one is, so it is a name to suggest. */
const SDK_SETTINGS = ["enforcementLevel"];

/** The policy, refusing any setting its configSchema does not name. */
export function refusingUnknownSettings<P extends ResourceValidationPolicy | StackValidationPolicy>(policy: P): P {
    const known = Object.keys(policy.configSchema?.properties ?? {});
    const check = (args: { getConfig: () => unknown }, report: ReportViolation) => {
        for (const key of Object.keys(configOf(args as Pick<ResourceValidationArgs, "getConfig">))) {
            if (known.includes(key)) continue;
            const guess = closestName(key, [...known, ...SDK_SETTINGS]);
            // Only a name-like key is shown: it is the config's own text.
            const shown = /^[\w.-]{1,64}$/.test(key) ? `"${key}"` : "a key that is not a name";
            const problem =
                `${policy.name} config: ${shown} is not a setting of this policy${guess ? ` (did you mean "${guess}"?)` : ""}; ` +
                `its settings: ${[...SDK_SETTINGS, ...known].join(", ")}. Fix the policy group's config: the setting configures nothing.`;
            if (firstTimeThisPreview(problem)) report(problem);
        }
    };
    const wrapped = { ...policy } as P & { validateResource?: unknown; validateStack?: unknown };
    const resource = (policy as ResourceValidationPolicy).validateResource;
    if (typeof resource === "function") {
        (wrapped as ResourceValidationPolicy).validateResource = (args, report) => {
            check(args, report);
            return resource(args, report);
        };
    }
    const stack = (policy as Partial<StackValidationPolicy>).validateStack;
    if (typeof stack === "function") {
        (wrapped as StackValidationPolicy).validateStack = (args, report) => {
            check(args, report);
            return stack(args, report);
        };
    }
    return wrapped;
}
