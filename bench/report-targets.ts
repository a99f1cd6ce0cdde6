/** The benchmark targets: each figure against its limit, with why it is what it is. */
import type { Installed, PackageSize } from "./packs";
import { Summary, formatNumber, summarize } from "./stats";

import { AWSGUARD, BenchResults, FLOOR, NOOP_FLOOR, OURS, count, mib, perResourceUs, ratio } from "./report-results";
import type { GrpcSamples } from "./grpc";

export interface Target {
    name: string;
    measured: string;
    limit: string;
    pass: boolean | undefined;
    /** Why the figure is what it is: shown for every miss. */
    why: string;
}

export function medianOf(samples: ReadonlyMap<string, number[]>, label: string): number | undefined {
    const values = samples.get(label);
    return values?.length ? summarize(values).median : undefined;
}

export function startupTargets(r: BenchResults): Target[] {
    const { cold, warm } = r.startup.samples;
    return (
        [
            ["warm", warm],
            ["cold", cold],
        ] as const
    ).map(([kind, samples]) => {
        const ours = medianOf(samples, OURS);
        const theirs = medianOf(samples, AWSGUARD);
        const floor = medianOf(samples, FLOOR);
        const measured =
            ours !== undefined && theirs !== undefined
                ? `${formatNumber(ours)} ms vs ${formatNumber(theirs)} ms (${ratio(ours, theirs)})`
                : "not measured";
        const spread = summarize(samples.get(OURS) ?? [0]);
        const added = ours !== undefined && floor !== undefined ? ours - floor : undefined;
        const addedText =
            added === undefined
                ? "The floor (empty pack) was not measured this way in this mode."
                : Math.abs(added) < spread.max - spread.min
                  ? `An empty PolicyPack on the same node_modules takes ${formatNumber(floor as number)} ms: our policies add nothing measurable (${formatNumber(added)} ms, inside the runs' ${formatNumber(spread.max - spread.min)} ms spread).`
                  : `An empty PolicyPack on the same node_modules takes ${formatNumber(floor as number)} ms; our policies add ${formatNumber(added)} ms.`;
        const floorShare = `${addedText} The floor is the SDK's: run-policy-pack registers ts-node and loads TypeScript even for a JavaScript pack, then @pulumi/policy loads @pulumi/pulumi and gRPC.`;
        return {
            name: `Pack start-up, ${kind}: ≤ half of awsguard's`,
            measured,
            limit: "≤ 0.50×",
            pass: ours !== undefined && theirs !== undefined ? ours <= theirs / 2 : undefined,
            why: floorShare,
        };
    });
}

/** Our warm start-up against an empty PolicyPack on the same node_modules: the policies should cost nothing measurable. */
export function startupFloorTarget(r: BenchResults): Target {
    const { warm } = r.startup.samples;
    const ours = warm.get(OURS);
    const floor = warm.get(FLOOR);
    if (!ours?.length || !floor?.length)
        return {
            name: "Pack start-up, warm: within noise of an empty pack",
            measured: "not measured",
            limit: "",
            pass: undefined,
            why: "",
        };
    const [mine, empty] = [summarize(ours), summarize(floor)];
    const noise = Math.max(mine.max - mine.min, empty.max - empty.min);
    return {
        name: "Pack start-up, warm: within noise of an empty pack on the same SDK",
        measured: `${formatNumber(mine.median)} ms vs ${formatNumber(empty.median)} ms (${formatNumber(mine.median - empty.median)} ms)`,
        limit: `≤ the runs' spread (${formatNumber(noise)} ms)`,
        pass: mine.median - empty.median <= noise,
        why: "The difference of the medians is compared with the larger min–max spread of the two packs' runs in this same run.",
    };
}

/** Our pack's CPU per Analyze call against awsguard's, at one pass size of one measurement. */
export function cpuPerCall(samples: GrpcSamples, label: string, size: number): number | undefined {
    const passes = samples.analyze.get(label)?.get(size);
    return passes?.length
        ? perResourceUs(
              passes.map((p) => p.cpuMs),
              size,
          ).median
        : undefined;
}

export function analyzeCpuTargets(r: BenchResults): Target[] {
    const largest = Math.max(...r.grpc.sizes);
    const rows: [string, GrpcSamples, number, string][] = [
        [
            `the project's programs (${count(r.grpcReal.resources)} resources of ${r.grpcReal.types} types, cycled to ${count(r.grpcReal.calls)} calls)`,
            r.grpcReal.samples,
            r.grpcReal.calls,
            "Every resource of these programs is one of Redis's (long canonical policy documents, trust policies, exclusive lists): the costliest kind for our policies, and typed awsguard policies for IAM apply to many of them.",
        ],
        [
            `the synthetic ordinary stack (${count(largest)} resources)`,
            r.grpc.samples,
            largest,
            "Mostly resources of no concern to Redis: our policies' cheap pre-filters decide them.",
        ],
    ];
    return rows.map(([what, samples, size, why]) => {
        const [ours, theirs, noop] = [
            cpuPerCall(samples, OURS, size),
            cpuPerCall(samples, AWSGUARD, size),
            cpuPerCall(samples, NOOP_FLOOR, size),
        ];
        return {
            name: `Pack CPU per Analyze call on ${what}: ≤ 0.85× awsguard's`,
            measured:
                ours !== undefined && theirs !== undefined
                    ? `${formatNumber(ours)} µs vs ${formatNumber(theirs)} µs (${ratio(ours, theirs)})`
                    : "not measured",
            limit: "≤ 0.85×",
            pass: ours !== undefined && theirs !== undefined ? ours <= theirs * 0.85 : undefined,
            why: `${why}${noop !== undefined && ours !== undefined ? ` As many no-op policies as ours cost ${formatNumber(noop)} µs per call on the same resources (the SDK decodes the request once per policy), so our policies' own work is ${formatNumber(ours - noop)} µs.` : ""}`,
        };
    });
}

export function footprintTargets(r: BenchResults): Target[] {
    const ours = summarizeInstalls(r.installs.ours);
    const theirs = awsguardInstalls(r);
    const why = footprintWhy(r);
    const rows: [string, number, number, (n: number) => string][] = [
        ["size on disk (du)", ours.bytes, theirs.bytes, mib],
        ["file count", ours.files, theirs.files, count],
    ];
    const targets = rows.map(([what, mine, other, format]) => ({
        name: `Install footprint, ${what}: ≤ half of awsguard's`,
        measured: `${format(mine)} vs ${format(other)} (${ratio(mine, other)})`,
        limit: "≤ 0.50×",
        pass: mine <= other / 2,
        why,
    }));
    if (ours.ms && theirs.ms) {
        targets.push({
            name: "Install time (warm npm cache): ≤ half of awsguard's",
            measured: `${formatNumber(ours.ms.median / 1000)} s vs ${formatNumber(theirs.ms.median / 1000)} s (${ratio(ours.ms.median, theirs.ms.median)})`,
            limit: "≤ 0.50×",
            pass: ours.ms.median <= theirs.ms.median / 2,
            why: `With a warm cache npm's work is per package and per file (resolve, extract, link): ours has ${count(r.installs.oursPackages.length)} packages and ${count(ours.files)} files, awsguard ${count(r.installs.awsguardPackages.length)} and ${count(theirs.files)} (ratios: packages ${ratio(r.installs.oursPackages.length, r.installs.awsguardPackages.length)}, files ${ratio(ours.files, theirs.files)}, bytes ${ratio(ours.bytes, theirs.bytes)}).`,
        });
    }
    return targets;
}

export const sum = (packages: readonly PackageSize[], key: "bytes" | "files" | "neverLoaded") =>
    packages.reduce((total, p) => total + p[key], 0);
export const neverLoaded = (packages: readonly PackageSize[]) => sum(packages, "neverLoaded");

/** Where our install's bytes and files go, by npm scope (all of @opentelemetry/* together). */
export function footprintWhy(r: BenchResults): string {
    const byScope = new Map<string, { bytes: number; files: number }>();
    for (const p of r.installs.oursPackages) {
        const scope = p.name.startsWith("@") ? `${p.name.split("/")[0]}/*` : p.name;
        const soFar = byScope.get(scope) ?? { bytes: 0, files: 0 };
        byScope.set(scope, { bytes: soFar.bytes + p.bytes, files: soFar.files + p.files });
    }
    const total = [...byScope.values()].reduce((sum, s) => ({ bytes: sum.bytes + s.bytes, files: sum.files + s.files }), {
        bytes: 0,
        files: 0,
    });
    const top = (key: "bytes" | "files", format: (n: number) => string) =>
        [...byScope]
            .sort((a, b) => b[1][key] - a[1][key])
            .slice(0, 3)
            .map(([scope, s]) => `${scope} ${format(s[key])} (${((s[key] / total[key]) * 100).toFixed(0)}%)`)
            .join(", ");
    const own = r.installs.oursTarball;
    return `Our pack itself ships ${count(own.files)} files, ${formatNumber(own.unpackedBytes / 1024)} kB; the rest is @pulumi/policy and the @pulumi/pulumi it runs on (the CLI starts every pack with @pulumi/pulumi's run-policy-pack). By size: ${top("bytes", mib)}. By files: ${top("files", count)}. Of the files, ${count(neverLoaded(r.installs.oursPackages))} are source maps or type declarations that a running pack never loads (awsguard: ${count(neverLoaded(r.installs.awsguardPackages))} of ${count(sum(r.installs.awsguardPackages, "files"))}); most @opentelemetry packages also ship three builds (CommonJS, ESM, ESNext) of which Node loads one.`;
}

export function inProcessTargets(r: BenchResults): Target[] {
    const { bySize, largest, perPolicy } = r.inProcess;
    const smallest = bySize[0];
    const biggest = bySize[bySize.length - 1];
    const atLargest = perResourceUs(biggest.ms, biggest.size).median;
    const atSmallest = perResourceUs(smallest.ms, smallest.size).median;
    const slowest = [...perPolicy].sort((a, b) => summarize(b.ms).median - summarize(a.ms).median)[0];
    const args = perResourceUs(r.inProcess.argsOnlyMs, largest).median;
    return [
        {
            name: `In-process Analyze, whole pack, at ${count(biggest.size)} resources`,
            measured: `${formatNumber(atLargest)} µs/resource`,
            limit: "≤ 15 µs",
            pass: atLargest <= 15,
            why: `Building the SDK's arguments (proxy, opts, getConfig) for ${r.inProcess.policyCount} policies costs ${formatNumber(args)} µs of it; the costliest policy is ${slowest.name} at ${formatNumber(perResourceUs(slowest.ms, largest).median)} µs/resource. The process's own CPU time, which other work on a shared machine disturbs less than the wall clock, is ${formatNumber(perResourceUs(biggest.cpuMs, biggest.size).median)} µs/resource.`,
        },
        {
            name: `Per-resource cost at ${count(biggest.size)} vs ${count(smallest.size)} resources (linear growth)`,
            measured: `${formatNumber(atLargest)} vs ${formatNumber(atSmallest)} µs (${ratio(atLargest, atSmallest)})`,
            limit: "≤ 1.50×",
            pass: atLargest <= atSmallest * 1.5,
            why: "No policy's work depends on the stack's size: the token-scanning policies walk each resource's own inputs once between them (lib/shared-scan.ts), with one matcher compiled once per config (lib/property-scan.ts), and the others look up small tables by type. A drift between sizes comes from the runtime (garbage collection, JIT, CPU caches).",
        },
    ];
}

export function planTarget(r: BenchResults): Target {
    if (!r.plan)
        return {
            name: "`npm run plan`, warm",
            measured: "not yet measurable: package.json has no `plan` script",
            limit: "< 5 s",
            pass: undefined,
            why: "",
        };
    const total = summarize(r.plan.totalMs);
    const failed = r.plan.exitCodes.filter((code) => code !== 0).length;
    const slowest = r.plan.steps.filter((s) => s.ms.length).sort((a, b) => summarize(b.ms).median - summarize(a.ms).median)[0];
    return {
        name: "`npm run plan`, warm",
        measured: `${formatNumber(total.median / 1000)} s${failed ? ` (${failed} run(s) exited non-zero)` : ""}`,
        limit: "< 5 s",
        pass: total.median < 5000 && failed === 0,
        why: slowest
            ? `Its slowest step is \`${slowest.command}\` at ${formatNumber(summarize(slowest.ms).median / 1000)} s.`
            : "Its steps were not timed separately in this mode.",
    };
}

export function summarizeInstalls(installs: readonly Installed[]): { bytes: number; files: number; ms?: Summary } {
    const timed = installs.map((i) => i.ms).filter((ms): ms is number => ms !== undefined);
    return {
        bytes: summarize(installs.map((i) => i.bytes)).median,
        files: summarize(installs.map((i) => i.files)).median,
        ms: timed.length ? summarize(timed) : undefined,
    };
}

/** awsguard's fresh installs of this run, or else the cache folder and the time recorded when it was made. */
export function awsguardInstalls(r: BenchResults): { bytes: number; files: number; ms?: Summary; source: string } {
    if (r.installs.awsguard.length) return { ...summarizeInstalls(r.installs.awsguard), source: "fresh installs in this run" };
    const { record, installed } = r.installs.awsguardCache;
    return {
        bytes: installed.bytes,
        files: installed.files,
        ms: summarize([record.ms]),
        source: `one fresh install, recorded when the cache was made (${record.date}, npm ${record.npm})`,
    };
}
