/**
 * The JSON schema of a policy-group config for the guard pack, built from each
 * policy's own `configSchema`: what `pulumi policy` and Pulumi Cloud accept.
 * The plan validates `--policy-config` with it; the tests validate the example.
 */
import Ajv from "ajv";
import { REDIS_GUARD_ALL_POLICIES } from "../policy-pack/policies";

const ENFORCEMENT_LEVELS = { enum: ["advisory", "mandatory", "remediate", "disabled"] };

/** A policy's entry: an enforcement level, or an object of the level and the policy's own settings. */
export function policyConfigSchema(policyName: string): object | undefined {
    const policy = REDIS_GUARD_ALL_POLICIES.find((p) => p.name === policyName);
    if (!policy) return undefined;
    return {
        oneOf: [
            ENFORCEMENT_LEVELS,
            {
                type: "object",
                properties: { enforcementLevel: ENFORCEMENT_LEVELS, ...(policy.configSchema?.properties ?? {}) },
                additionalProperties: false,
            },
        ],
    };
}

const ajv = new Ajv({ strict: false });

/** What is wrong with a whole config file, one line per problem, naming the policy; empty when it is valid. */
export function checkPackConfig(config: unknown): string[] {
    if (typeof config !== "object" || config === null || Array.isArray(config))
        return ["the policy config must be a JSON object keyed by policy name"];
    const problems: string[] = [];
    for (const [policyName, entry] of Object.entries(config)) {
        const schema = policyName === "all" ? ENFORCEMENT_LEVELS : policyConfigSchema(policyName);
        if (!schema) {
            problems.push(
                `"${policyName}" is not a policy of the pack; its policies: ${REDIS_GUARD_ALL_POLICIES.map((p) => p.name).join(", ")}`,
            );
        } else if (!ajv.validate(schema, entry)) {
            problems.push(
                `"${policyName}": must be an enforcement level (${ENFORCEMENT_LEVELS.enum.join(", ")}) or an object of it and the policy's settings (${ajv.errorsText(ajv.errors, { dataVar: policyName })})`,
            );
        }
    }
    return problems;
}
