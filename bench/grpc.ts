/**
 * Analyze and AnalyzeStack over the analyzer protocol, through the project's
 * harness (`plan/analyzer-client.ts`), one call in flight at a time
 * as the engine makes a step wait for its Analyze. Two figures per call:
 * - wall time: what the engine waits. It includes the harness building the
 *   request (JSON to protobuf Struct), the loopback transport, and scheduling
 *   on a shared machine;
 * - the pack process's CPU time: what the pack itself costs (gRPC server,
 *   the SDK decoding the request, the policies).
 * Floor packs on the same node_modules split the figure between any pack,
 * the SDK's per-policy work, and our policies.
 */
import { AnalyzerClient, AnalyzerResource, PolicyConfig, PolicyInfo } from "../plan/analyzer-client";
import { childPidByCwd, processCpuMs } from "./cpu";
import { nowMs } from "./stats";

export interface GrpcTarget {
    label: string;
    packDir: string;
}

export interface Diagnosed {
    mandatory: number;
    advisory: number;
}

/** Totals of one measured pass, in milliseconds. */
export interface Pass {
    wallMs: number;
    cpuMs: number;
}

export interface GrpcSamples {
    policies: Map<string, number>;
    /** Per pack, per stack size: one sequential pass of Analyze calls over the stack, per run. */
    analyze: Map<string, Map<number, Pass[]>>;
    analyzeStack: Map<string, Pass[]>;
    /** What the first pass reported, per pack and stack size. */
    diagnosed: Map<string, Map<number, Diagnosed>>;
    /** What the first AnalyzeStack reported, per pack. */
    stackDiagnosed: Map<string, Diagnosed>;
}

const WARM_UP_CALLS = 300;
/** Packs take turns every this many calls, so that a burst of load elsewhere lands on all of them alike. */
const TURN = 500;

interface Running {
    target: GrpcTarget;
    client: AnalyzerClient;
    pid: number;
}

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

async function timed(pack: Running, call: () => Promise<void>): Promise<Pass> {
    const [wallBefore, cpuBefore] = [nowMs(), processCpuMs(pack.pid)];
    await call();
    return { wallMs: nowMs() - wallBefore, cpuMs: processCpuMs(pack.pid) - cpuBefore };
}

async function analyzeAll(client: AnalyzerClient, resources: readonly AnalyzerResource[], into: Diagnosed): Promise<void> {
    for (const resource of resources) tallied(await client.analyze(resource), into);
}

/**
 * One pass of every pack over the first `size` resources, the packs taking
 * turns every TURN calls. A pack is idle while it waits for its turn, so its
 * CPU is read once around the whole pass: one clock tick of error per pass.
 */
async function interleavedPass(
    packs: readonly Running[],
    stack: readonly AnalyzerResource[],
    size: number,
): Promise<Map<string, { pass: Pass; found: Diagnosed }>> {
    const totals = new Map(
        packs.map((p) => [p.target.label, { pass: { wallMs: 0, cpuMs: -processCpuMs(p.pid) }, found: { mandatory: 0, advisory: 0 } }]),
    );
    for (let start = 0; start < size; start += TURN) {
        const turn = stack.slice(start, Math.min(size, start + TURN));
        for (const pack of packs) {
            const total = totals.get(pack.target.label) as { pass: Pass; found: Diagnosed };
            const started = nowMs();
            await analyzeAll(pack.client, turn, total.found);
            total.pass.wallMs += nowMs() - started;
        }
    }
    for (const pack of packs) (totals.get(pack.target.label) as { pass: Pass }).pass.cpuMs += processCpuMs(pack.pid);
    return totals;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    map.set(key, [...(map.get(key) ?? []), value]);
}

/**
 * Starts every pack, configures each as the CLI would, warms each up, then
 * per run: every stack size (packs taking turns), then AnalyzeStack once per pack.
 */
export async function measureGrpc(
    targets: readonly GrpcTarget[],
    stack: readonly AnalyzerResource[],
    sizes: readonly number[],
    analyzeStackSize: number,
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
    const packs: Running[] = [];
    try {
        for (const target of targets) {
            const client = await AnalyzerClient.start(target.packDir);
            packs.push({ target, client, pid: childPidByCwd(target.packDir) });
            const { policies } = await client.getAnalyzerInfo();
            samples.policies.set(target.label, policies.length);
            await client.configure(configureLikeTheCli(policies, config));
            await analyzeAll(client, stack.slice(0, WARM_UP_CALLS), { mandatory: 0, advisory: 0 });
            samples.analyze.set(target.label, new Map());
            samples.diagnosed.set(target.label, new Map());
        }
        for (let run = 0; run < runs; run++) {
            for (const size of sizes) {
                for (const [label, { pass, found }] of await interleavedPass(packs, stack, size)) {
                    push(samples.analyze.get(label) as Map<number, Pass[]>, size, pass);
                    if (run === 0) samples.diagnosed.get(label)?.set(size, found);
                }
            }
            for (const pack of packs) {
                const found: Diagnosed = { mandatory: 0, advisory: 0 };
                push(
                    samples.analyzeStack,
                    pack.target.label,
                    await timed(pack, async () => tallied(await pack.client.analyzeStack(stack.slice(0, analyzeStackSize)), found)),
                );
                if (run === 0) samples.stackDiagnosed.set(pack.target.label, found);
            }
        }
    } finally {
        for (const pack of packs) await pack.client.stop();
    }
    return samples;
}
