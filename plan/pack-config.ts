/**
 * The JSON schema of a policy-group config for the guard pack, built from each
 * policy's own `configSchema`: what `pulumi policy` and Pulumi Cloud accept.
 * The plan validates `--policy-config` with it; the tests validate the example.
 */
import Ajv, { type ErrorObject } from "ajv";
import { REDIS_GUARD_ALL_POLICIES } from "../policy-pack/policies";
import type { PolicyConfig } from "./analyzer-client";

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

const ajv = new Ajv({ strict: false, allErrors: true });
const LEVELS = ENFORCEMENT_LEVELS.enum;

/** One ajv error as a line that names the property, and the offending entry of a list by its value. */
function describeError(
    policyName: string,
    entry: Record<string, unknown>,
    error: ErrorObject,
    allowed: string[],
    properties: Record<string, unknown>,
): string {
    const where = error.instancePath.split("/").filter(Boolean);
    const property = where.length
        ? `"${policyName}".${where[0]}${where
              .slice(1)
              .map((i) => `[${i}]`)
              .join("")}`
        : `"${policyName}"`;
    if (error.keyword === "additionalProperties") {
        const unknown = (error.params as { additionalProperty: string }).additionalProperty;
        // A setting that is an object of its own (discover) lists its own settings.
        const nested = where.length === 1 ? (properties[where[0]] as { properties?: object } | undefined)?.properties : undefined;
        if (nested) return `${property}: unknown property "${unknown}"; its properties: ${Object.keys(nested).join(", ")}`;
        return `"${policyName}": unknown property "${unknown}"; its properties: ${allowed.join(", ")}`;
    }
    if (error.keyword === "pattern" && where.length === 2) {
        const value = (entry[where[0]] as unknown[])[Number(where[1])];
        return `${property}: ${JSON.stringify(value)} is not an ID of a kind Redis manages (must match ${(error.params as { pattern: string }).pattern})`;
    }
    if (error.keyword === "enum")
        return `${property}: must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    return `${property}: ${error.message}`;
}

/** What is wrong with a whole config file, one line per problem, naming the policy and the property; empty when it is valid. */
export function checkPackConfig(config: unknown): string[] {
    if (typeof config !== "object" || config === null || Array.isArray(config))
        return ["the policy config must be a JSON object keyed by policy name"];
    const problems: string[] = [];
    for (const [policyName, entry] of Object.entries(config)) {
        const policy = REDIS_GUARD_ALL_POLICIES.find((p) => p.name === policyName);
        if (policyName !== "all" && !policy) {
            problems.push(
                `"${policyName}" is not a policy of the pack; its policies: ${REDIS_GUARD_ALL_POLICIES.map((p) => p.name).join(", ")}`,
            );
        } else if (typeof entry === "string") {
            if (!LEVELS.includes(entry))
                problems.push(`"${policyName}": "${entry}" is not an enforcement level; one of ${LEVELS.join(", ")}`);
        } else if (policyName === "all" || typeof entry !== "object" || entry === null || Array.isArray(entry)) {
            problems.push(
                `"${policyName}": must be an enforcement level (${LEVELS.join(", ")})${policyName === "all" ? "" : " or an object of it and the policy's settings"}`,
            );
        } else {
            const schema = (policyConfigSchema(policyName) as { oneOf: object[] }).oneOf[1] as { properties: Record<string, unknown> };
            if (!ajv.validate(schema, entry)) {
                const allowed = Object.keys(schema.properties);
                problems.push(
                    ...(ajv.errors ?? []).map((e) =>
                        describeError(policyName, entry as Record<string, unknown>, e, allowed, schema.properties),
                    ),
                );
            }
        }
    }
    return problems;
}

/**
 * A checked policy-group config file (`{ "<policy>": "mandatory" | { enforcementLevel, ...settings } }`) as Configure
 * takes it. `all` sets every policy's level (stack policies too), as the CLI does; a policy's own level overrides it.
 */
export function policyConfigFrom(file: unknown): Record<string, PolicyConfig> {
    type Level = PolicyConfig["enforcementLevel"];
    const { all, ...policies } = file as Record<string, unknown>;
    const config: Record<string, PolicyConfig> = {};
    if (typeof all === "string") for (const { name } of REDIS_GUARD_ALL_POLICIES) config[name] = { enforcementLevel: all as Level };
    for (const [policy, setting] of Object.entries(policies)) {
        if (typeof setting === "string") config[policy] = { enforcementLevel: setting as Level };
        else {
            const { enforcementLevel, ...properties } = setting as Record<string, unknown>;
            config[policy] = { enforcementLevel: (enforcementLevel ?? all) as Level, properties };
        }
    }
    return config;
}
