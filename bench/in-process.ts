/**
 * The pack's own cost, without gRPC: each policy's `validateResource` called
 * directly, with the arguments the SDK's Analyze handler builds for one
 * resource and one policy (`@pulumi/policy` server.js): props wrapped in the
 * SDK's own `unknownCheckingProxy` afresh for every policy, `opts` as
 * `getResourceOptions` makes them, `getConfig` returning a fresh object over
 * the configured values, and an unknown value turning into an advisory. What
 * it leaves out is decoding the protobuf request; the gRPC figures include it.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { AnalyzerResource, PolicyConfig } from "../plan/analyzer-client";
import { nowMs } from "./stats";

/* eslint-disable @typescript-eslint/no-require-imports -- @pulumi/policy keeps its decoder out of its typings (@internal) */
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties: (properties: Struct, proxySecrets: boolean) => Record<string, unknown>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

export interface Tally {
    violations: number;
    /** "can't run policy during preview" advisories: a validation read an unknown value. */
    advisories: number;
}

/** A resource as the SDK holds it once the request is decoded: type, name, URN and plain props. */
export interface Decoded {
    resource: AnalyzerResource;
    urn: string;
}

export const decode = (resources: readonly AnalyzerResource[]): Decoded[] =>
    resources.map((resource) => ({ resource, urn: resource.urn ?? `urn:pulumi:bench::bench::${resource.type}::${resource.name}` }));

type Validation = (args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>;
/** How one validation is run: normally just called; the floor measurement skips it. */
export type RunValidation = (validation: Validation, args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>;
const validationsOf = (policy: ResourceValidationPolicy): ResourceValidation[] =>
    policy.validateResource === undefined
        ? []
        : Array.isArray(policy.validateResource)
          ? policy.validateResource
          : [policy.validateResource];

/** The SDK compares a resource class's `__pulumiType` with the request's type. */
const isTypeOf = (type: string, resourceClass: unknown) => (resourceClass as { __pulumiType?: string }).__pulumiType === type;

function argsFor(decoded: Decoded, config: PolicyConfig | undefined): ResourceValidationArgs {
    const { resource, urn } = decoded;
    const props = unknownCheckingProxy(resource.properties);
    const opts = {
        protect: resource.protect === true,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: resource.additionalSecretOutputs ?? [],
        ...(resource.parent ? { parent: resource.parent } : {}),
    };
    return {
        type: resource.type,
        props,
        urn,
        name: resource.name,
        opts,
        stackTags: new Map(),
        isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
        asType: ((resourceClass: unknown) =>
            isTypeOf(resource.type, resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
        getConfig: (() => ({ ...(config?.properties ?? {}) })) as ResourceValidationArgs["getConfig"],
        notApplicable: (reason?: string): never => {
            throw new Error(`notApplicable is not expected from this pack (${reason})`);
        },
    };
}

/** Runs `policies` over `stack` as Analyze would, once per resource, and counts what they report. */
export async function analyzeInProcess(
    policies: readonly ResourceValidationPolicy[],
    stack: readonly Decoded[],
    config: Record<string, PolicyConfig>,
    validate: RunValidation = (validation, args, report) => validation(args, report),
): Promise<Tally> {
    const tally: Tally = { violations: 0, advisories: 0 };
    const report: ReportViolation = () => void tally.violations++;
    const prepared = policies.map((policy) => ({ validations: validationsOf(policy), config: config[policy.name] }));
    for (const decoded of stack) {
        for (const { validations, config } of prepared) {
            for (const validation of validations) {
                try {
                    const pending = validate(validation, argsFor(decoded, config), report);
                    // The SDK awaits every validation; a synchronous one need not cost a microtask here.
                    if (pending) await pending;
                } catch (error) {
                    if (!(error instanceof UnknownValueError)) throw error;
                    tally.advisories++;
                }
            }
        }
    }
    return tally;
}

export interface InProcessRun {
    ms: number;
    /** This process's CPU time over the pass (all threads, so concurrent GC counts too). */
    cpuMs: number;
    tally: Tally;
}

export async function timeInProcess(
    policies: readonly ResourceValidationPolicy[],
    stack: readonly Decoded[],
    config: Record<string, PolicyConfig>,
    validate?: RunValidation,
): Promise<InProcessRun> {
    const [started, cpuBefore] = [nowMs(), process.cpuUsage()];
    const tally = await analyzeInProcess(policies, stack, config, validate);
    const cpu = process.cpuUsage(cpuBefore);
    return { ms: nowMs() - started, cpuMs: (cpu.user + cpu.system) / 1000, tally };
}

/** Building the SDK's arguments without running any policy: the floor under the pack's in-process figure. */
export const skipValidation: RunValidation = (_validation, args) => void args.props;

/**
 * What the SDK adds before any policy runs: it decodes the request's
 * properties (protobuf Struct to JavaScript) once per policy and validation,
 * not once per request (server.js, makeAnalyzeRpcFun). This times that work alone.
 */
export function timeSdkDecoding(stack: readonly Decoded[], decodesPerResource: number): number {
    const structs = stack.map((decoded) => Struct.fromJavaScript(JSON.parse(JSON.stringify(decoded.resource.properties))));
    const started = nowMs();
    for (const struct of structs) {
        for (let i = 0; i < decodesPerResource; i++) deserializeProperties(struct, false);
    }
    return nowMs() - started;
}
