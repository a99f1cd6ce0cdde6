/**
 * Analyze and AnalyzeStack over the analyzer protocol, through the project's
 * harness (`tests/harness/analyzer-client.ts`), one call in flight at a time
 * as the engine makes a step wait for its Analyze. Every timing includes the
 * harness building the request (JSON to protobuf Struct), the transport, and
 * the SDK decoding it: the "floor" pack, with no policy at all, measures that
 * share alone.
 */
import { AnalyzerClient, AnalyzerResource, PolicyConfig, PolicyInfo } from "../../tests/harness/analyzer-client";
import { nowMs } from "./stats";

export interface GrpcTarget {
    label: string;
    packDir: string;
}

export interface Diagnosed {
    mandatory: number;
    advisory: number;
}

export interface GrpcSamples {
    policies: Map<string, number>;
    /** Per pack, per stack size: total milliseconds of one sequential pass of Analyze calls, per run. */
    analyze: Map<string, Map<number, number[]>>;
    analyzeStack: Map<string, number[]>;
    /** What the first pass reported, per pack and stack size. */
    diagnosed: Map<string, Map<number, Diagnosed>>;
    /** What the first AnalyzeStack reported, per pack. */
    stackDiagnosed: Map<string, Diagnosed>;
}

const WARM_UP_CALLS = 300;

function tallied(diagnostics: { enforcementLevel: string }[], into: Diagnosed): void {
    for (const d of diagnostics) {
        if (d.enforcementLevel === "advisory") into.advisory++;
        else into.mandatory++;
    }
}

/**
 * What the CLI sends in Configure for a pack that asks for "all mandatory":
 * every policy mandatory, with its schema's defaults, plus the benchmark's
 * own settings (the Redis IDs) on top.
 */
function configureLikeTheCli(policies: PolicyInfo[], overrides: Record<string, PolicyConfig>): Record<string, PolicyConfig> {
    return Object.fromEntries(
        policies.map((policy) => {
            const defaults = Object.entries(policy.configSchema ?? {}).flatMap(([key, schema]) => {
                const fallback = (schema as { default?: unknown } | null)?.default;
                return fallback === undefined ? [] : [[key, fallback]];
            });
            const properties = { ...Object.fromEntries(defaults), ...overrides[policy.name]?.properties };
            return [policy.name, { enforcementLevel: "mandatory", properties }];
        }),
    );
}

async function analyzeAll(client: AnalyzerClient, stack: readonly AnalyzerResource[], into: Diagnosed): Promise<number> {
    const started = nowMs();
    for (const resource of stack) tallied(await client.analyze(resource), into);
    return nowMs() - started;
}

/**
 * Starts every pack, configures each the same way, warms each up, then takes
 * turns: per run, each pack analyzes each stack size in sequence, then
 * (optionally) the AnalyzeStack stack. The packs stay idle while not measured.
 */
export async function measureGrpc(
    targets: readonly GrpcTarget[],
    stack: readonly AnalyzerResource[],
    sizes: readonly number[],
    analyzeStackSize: number | undefined,
    runs: number,
    config: Record<string, PolicyConfig>,
): Promise<GrpcSamples> {
    const samples: GrpcSamples = {
        policies: new Map(),
        analyze: new Map(),
        analyzeStack: new Map(),
        diagnosed: new Map(),
        stackDiagnosed: new Map(),
    };
    const clients = new Map<string, AnalyzerClient>();
    try {
        for (const target of targets) {
            const client = await AnalyzerClient.start(target.packDir);
            clients.set(target.label, client);
            const { policies } = await client.getAnalyzerInfo();
            samples.policies.set(target.label, policies.length);
            await client.configure(configureLikeTheCli(policies, config));
            await analyzeAll(client, stack.slice(0, WARM_UP_CALLS), { mandatory: 0, advisory: 0 });
            samples.analyze.set(target.label, new Map(sizes.map((size) => [size, []])));
            samples.diagnosed.set(target.label, new Map());
        }
        for (let run = 0; run < runs; run++) {
            for (const target of targets) {
                const client = clients.get(target.label) as AnalyzerClient;
                const diagnosed = samples.diagnosed.get(target.label) as Map<number, Diagnosed>;
                for (const size of sizes) {
                    const found: Diagnosed = { mandatory: 0, advisory: 0 };
                    samples.analyze
                        .get(target.label)
                        ?.get(size)
                        ?.push(await analyzeAll(client, stack.slice(0, size), found));
                    if (run === 0) diagnosed.set(size, found);
                }
                if (analyzeStackSize !== undefined) {
                    const started = nowMs();
                    const diagnostics = await client.analyzeStack(stack.slice(0, analyzeStackSize));
                    samples.analyzeStack.set(target.label, [...(samples.analyzeStack.get(target.label) ?? []), nowMs() - started]);
                    if (run === 0) {
                        const found: Diagnosed = { mandatory: 0, advisory: 0 };
                        tallied(diagnostics, found);
                        samples.stackDiagnosed.set(target.label, found);
                    }
                }
            }
        }
    } finally {
        for (const client of clients.values()) await client.stop();
    }
    return samples;
}
