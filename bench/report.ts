/** BENCHMARKS.md from one run's samples: the targets first, then every figure with its spread and method. */
import type { AnalyzerResource } from "../plan/analyzer-client";
import type { GrpcSamples, Pass } from "./grpc";
import type { Tally } from "./in-process";
import type { Machine } from "./machine";
import type { InstallRecord, Installed, PackageSize, PackedTarball } from "./packs";
import type { PlanSamples } from "./plan";
import { Mode, Profile, TARGET_LABELS } from "./profile";
import { MIX_RATES, typeCounts } from "./stacks";
import type { StartupSamples } from "./startup";
import { Summary, formatNumber, formatSummary, scaleSummary, summarize } from "./stats";

export interface BenchResults {
    mode: Mode;
    profile: Profile;
    machine: Machine;
    loadAtEnd: number;
    wallSeconds: number;
    stackForMix: readonly AnalyzerResource[];
    inProcess: {
        bySize: { size: number; ms: number[]; cpuMs: number[]; tally: Tally }[];
        largest: number;
        /** Passes that build the SDK's arguments but run no policy. */
        argsOnlyMs: number[];
        perPolicy: { name: string; ms: number[] }[];
        policyCount: number;
        /** The SDK's decoding of a request, once per policy, with no policy run. */
        sdkDecode: { size: number; ms: number[] };
    };
    startup: { samples: StartupSamples; inTreeBuilt: boolean; pulumiVersions: Record<string, string> };
    grpc: { samples: GrpcSamples; sizes: readonly number[]; analyzeStackSize: number };
    plan: PlanSamples | undefined;
    installs: {
        ours: Installed[];
        awsguard: Installed[];
        awsguardCache: { record: InstallRecord; createdNow: boolean; installed: Installed };
        oursPackages: PackageSize[];
        awsguardPackages: PackageSize[];
        oursTarball: PackedTarball;
    };
}

const OURS = TARGET_LABELS.ours;
const AWSGUARD = TARGET_LABELS.awsguard;
const FLOOR = TARGET_LABELS.floor;
const NOOP_FLOOR = TARGET_LABELS.noopFloor;

const mib = (bytes: number) => `${formatNumber(bytes / 2 ** 20)} MiB`;
const count = (n: number) => n.toLocaleString("en-US");
const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;
const perResourceUs = (ms: number[], size: number): Summary => scaleSummary(summarize(ms), (total) => (total * 1000) / size);
const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
    [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

interface Target {
    name: string;
    measured: string;
    limit: string;
    pass: boolean | undefined;
    /** Why the figure is what it is: shown for every miss. */
    why: string;
}

function medianOf(samples: ReadonlyMap<string, number[]>, label: string): number | undefined {
    const values = samples.get(label);
    return values?.length ? summarize(values).median : undefined;
}

function startupTargets(r: BenchResults): Target[] {
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

function footprintTargets(r: BenchResults): Target[] {
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

const sum = (packages: readonly PackageSize[], key: "bytes" | "files" | "neverLoaded") => packages.reduce((total, p) => total + p[key], 0);
const neverLoaded = (packages: readonly PackageSize[]) => sum(packages, "neverLoaded");

/** Where our install's bytes and files go, by npm scope (all of @opentelemetry/* together). */
function footprintWhy(r: BenchResults): string {
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

function inProcessTargets(r: BenchResults): Target[] {
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
            why: "No policy's work depends on the stack's size: each walks one resource's own inputs once, with one matcher compiled once per config for all the configured IDs (property-scan.ts, ids-protected.ts), and looks up small tables by type. A drift between sizes comes from the runtime (garbage collection, JIT, CPU caches).",
        },
    ];
}

function planTarget(r: BenchResults): Target {
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

function summarizeInstalls(installs: readonly Installed[]): { bytes: number; files: number; ms?: Summary } {
    const timed = installs.map((i) => i.ms).filter((ms): ms is number => ms !== undefined);
    return {
        bytes: summarize(installs.map((i) => i.bytes)).median,
        files: summarize(installs.map((i) => i.files)).median,
        ms: timed.length ? summarize(timed) : undefined,
    };
}

/** awsguard's fresh installs of this run, or else the cache folder and the time recorded when it was made. */
function awsguardInstalls(r: BenchResults): { bytes: number; files: number; ms?: Summary; source: string } {
    if (r.installs.awsguard.length) return { ...summarizeInstalls(r.installs.awsguard), source: "fresh installs in this run" };
    const { record, installed } = r.installs.awsguardCache;
    return {
        bytes: installed.bytes,
        files: installed.files,
        ms: summarize([record.ms]),
        source: `one fresh install, recorded when the cache was made (${record.date}, npm ${record.npm})`,
    };
}

function machineSection(r: BenchResults): string {
    const m = r.machine;
    return table(
        ["", ""],
        [
            ["CPU", `${m.cpuModel}, ${m.cores} cores`],
            ["Memory", `${formatNumber(m.memoryGiB)} GiB`],
            ["Node", `${m.node} (npm ${m.npm})`],
            ["Kernel", m.kernel],
            ["Date", m.date],
            [
                "Load average (1 min)",
                `${formatNumber(m.loadAtStart)} at start, ${formatNumber(r.loadAtEnd)} at end (the machine is shared: other work adds noise)`,
            ],
        ],
    );
}

function targetsSection(targets: readonly Target[]): string {
    const verdict = (t: Target) => (t.pass === undefined ? "n/a" : t.pass ? "**pass**" : "**MISS**");
    const misses = targets.filter((t) => t.pass === false);
    const passes = targets.filter((t) => t.pass && t.why);
    // Misses come first in the text, then passes: a reason already given is referred to, not repeated.
    const firstSaying = new Map<string, Target>();
    for (const t of [...misses, ...passes]) if (!firstSaying.has(t.why)) firstSaying.set(t.why, t);
    const reason = (t: Target) => `- ${t.name}: ${firstSaying.get(t.why) === t ? t.why : `as for "${firstSaying.get(t.why)?.name}".`}`;
    return [
        table(
            ["target", "measured (median)", "limit", "result"],
            targets.map((t) => [t.name, t.measured, t.limit, verdict(t)]),
        ),
        "",
        misses.length ? ["Misses, and why:", "", ...misses.map(reason)].join("\n") : "No target is missed.",
        "",
        "Context for the figures that pass:",
        "",
        ...passes.map(reason),
    ].join("\n");
}

function startupSection(r: BenchResults): string {
    const { samples, pulumiVersions, inTreeBuilt } = r.startup;
    const keys = Object.keys(TARGET_LABELS) as (keyof typeof TARGET_LABELS)[];
    const cell = (values: number[] | undefined) => (values?.length ? formatSummary(summarize(values), "ms") : "—");
    const drop = samples.cacheDrop;
    const coldMeaning = drop?.dropped
        ? `**Cold** = \`sync; echo 3 > /proc/sys/vm/drop_caches\` before every spawn (it works here: the page cache went from ${formatNumber(drop.beforeMiB)} MiB to ${formatNumber(drop.afterMiB)} MiB on the first drop), so node, the launcher and every module are read from disk again.`
        : `**Cold** could not be measured: dropping the page cache failed (${drop?.error ?? "not attempted"}), and without it a "cold" run is only a new process.`;
    return [
        "From spawning `node <pack's own @pulumi/pulumi>/cmd/run-policy-pack <engine> .` in the pack folder (as the CLI does) to the port on stdout.",
        "",
        table(
            ["pack", "cold", "warm", "@pulumi/pulumi"],
            keys
                .filter((key) => samples.warm.has(TARGET_LABELS[key]) || samples.cold.has(TARGET_LABELS[key]))
                .map((key) => [
                    TARGET_LABELS[key],
                    cell(samples.cold.get(TARGET_LABELS[key])),
                    cell(samples.warm.get(TARGET_LABELS[key])),
                    pulumiVersions[key],
                ]),
        ),
        "",
        `${coldMeaning} **Warm** = the same spawn after an untimed one, files in the page cache. Node 20 keeps no compile cache between processes, so warm runs still parse and compile every module. Packs take turns within each round.`,
        inTreeBuilt ? "" : "\nThe in-repo pack was not built (`policy-pack/bin/` missing), so it was left out.",
    ].join("\n");
}

function mixSection(r: BenchResults): string {
    const counts = [...typeCounts(r.stackForMix)].sort((a, b) => b[1] - a[1]);
    const total = r.stackForMix.length;
    return [
        `A seeded generator (\`bench/stacks.ts\`); each smaller stack is a prefix of the largest. Of every resource: ${MIX_RATES.tagged * 100}% carry tags, ${MIX_RATES.redisTag * 100}% of those also Redis's tag key; of every reference to another resource's ID: ${MIX_RATES.redisIdReference * 100}% name one of the 50 configured Redis IDs, ${MIX_RATES.unknownReference * 100}% are unknown (preview). 0.2% are the Redis component's own children (canonical documents, protected). No UserLoginProfile: awsguard's MFA policy would call the AWS API for each.`,
        "",
        `<details><summary>Types in the ${count(total)}-resource stack</summary>`,
        "",
        table(
            ["type", "share"],
            counts.map(([type, n]) => [`\`${type}\``, `${((n / total) * 100).toFixed(1)}%`]),
        ),
        "",
        "</details>",
    ].join("\n");
}

function inProcessSection(r: BenchResults): string {
    const { bySize, largest, argsOnlyMs, perPolicy, policyCount } = r.inProcess;
    const whole = perResourceUs(bySize[bySize.length - 1].ms, largest).median;
    const args = perResourceUs(argsOnlyMs, largest);
    const argsPerPolicy = args.median / policyCount;
    return [
        `Each of the ${policyCount} policies' \`validateResource\` called directly, with the SDK's own \`unknownCheckingProxy\` around the props (made afresh per policy, as the SDK does), \`opts\` as the SDK builds them, and \`getConfig\` returning the configured 50 Redis IDs. Not included: decoding the protobuf request (the gRPC figures include it).`,
        "",
        table(
            ["resources", "whole pack, per resource (wall)", "per resource (CPU)", "one pass (wall)", "violations", "preview advisories"],
            bySize.map((s) => [
                count(s.size),
                formatSummary(perResourceUs(s.ms, s.size), "µs"),
                formatSummary(perResourceUs(s.cpuMs, s.size), "µs"),
                formatSummary(summarize(s.ms), "ms"),
                count(s.tally.violations),
                count(s.tally.advisories),
            ]),
        ),
        "",
        `Per policy, at ${count(largest)} resources, each policy run alone over the stack. "Its own work" subtracts the SDK arguments built for one policy (the last row, divided by ${policyCount}).`,
        "",
        table(
            ["policy", "run alone, per resource", "its own work", "share of the whole pack"],
            [
                ...perPolicy.map((p) => {
                    const alone = perResourceUs(p.ms, largest);
                    const own = alone.median - argsPerPolicy;
                    return [p.name, formatSummary(alone, "µs"), `${formatNumber(own)} µs`, `${((own / whole) * 100).toFixed(0)}%`];
                }),
                [
                    `SDK arguments only (proxy, opts, getConfig) for all ${policyCount} policies, no policy run`,
                    formatSummary(args, "µs"),
                    "—",
                    `${((args.median / whole) * 100).toFixed(0)}%`,
                ],
            ],
        ),
    ].join("\n");
}

function grpcSection(r: BenchResults): string {
    const { samples, sizes, analyzeStackSize } = r.grpc;
    const labels = [...samples.analyze.keys()];
    const largestSize = Math.max(...sizes);
    const diagnosed = (d: { mandatory: number; advisory: number } | undefined) =>
        d ? `${count(d.mandatory)} / ${count(d.advisory)}` : "—";
    const per = (passes: readonly Pass[], size: number, key: keyof Pass) =>
        perResourceUs(
            passes.map((p) => p[key]),
            size,
        );
    const analyzeRows = sizes.flatMap((size) =>
        labels.map((label) => {
            const passes = samples.analyze.get(label)?.get(size) ?? [];
            return [
                label,
                String(samples.policies.get(label) ?? "?"),
                count(size),
                formatSummary(per(passes, size, "wallMs"), "µs"),
                formatSummary(per(passes, size, "cpuMs"), "µs"),
                diagnosed(samples.diagnosed.get(label)?.get(size)),
            ];
        }),
    );
    const stackRows = labels.map((label) => {
        const passes = samples.analyzeStack.get(label) ?? [];
        return [
            label,
            count(analyzeStackSize),
            formatSummary(summarize(passes.map((p) => p.wallMs)), "ms"),
            formatSummary(summarize(passes.map((p) => p.cpuMs)), "ms"),
            diagnosed(samples.stackDiagnosed.get(label)),
        ];
    });
    const cpuPerCall = (label: string) => {
        const passes = samples.analyze.get(label)?.get(largestSize);
        return passes?.length ? per(passes, largestSize, "cpuMs").median : undefined;
    };
    const [ours, noop, floor, awsguard] = [cpuPerCall(OURS), cpuPerCall(NOOP_FLOOR), cpuPerCall(FLOOR), cpuPerCall(AWSGUARD)];
    const inProcess = r.inProcess.bySize[r.inProcess.bySize.length - 1];
    const decode = perResourceUs(r.inProcess.sdkDecode.ms, r.inProcess.sdkDecode.size);
    const inProcessCpu = perResourceUs(inProcess.cpuMs, inProcess.size).median;
    const split =
        ours !== undefined && noop !== undefined && floor !== undefined && awsguard !== undefined
            ? [
                  `Where our pack's ${formatNumber(ours)} µs of CPU per call go, at ${count(largestSize)} resources (medians; CPU is read in 10 ms clock ticks once per pass, so each figure is ±${formatNumber(10_000 / largestSize)} µs):`,
                  "",
                  `- ${formatNumber(floor)} µs: any pack (gRPC server, one request, no policy);`,
                  `- ${formatNumber(noop - floor)} µs: the SDK's per-policy work, for ${r.inProcess.policyCount} policies that do nothing. It decodes the request's properties again for every policy (server.js), which alone costs ${formatSummary(decode, "µs")} per resource in-process for ${r.inProcess.policyCount} policies, then builds the arguments and awaits each validation;`,
                  `- ${formatNumber(ours - noop)} µs: our policies' own work (in-process: ${formatNumber(inProcessCpu)} µs CPU, including the SDK arguments).${ours - noop > 2 * inProcessCpu ? " Over gRPC they cost more than the in-process loop shows; this benchmark does not pin down why (the in-process loop runs JIT-hot with nothing in between, and over gRPC the SDK also builds and sends the diagnostics our policies report)." : ""}`,
                  "",
                  `awsguard's process burns ${formatNumber(awsguard)} µs of CPU per call; ours is ${ratio(ours, awsguard)} of that. Most of awsguard's 26 policies are typed (\`validateResourceOfType\`), and the SDK skips a typed policy for a resource of another type before decoding anything; ours apply across many types, so the SDK decodes the request and runs all ${r.inProcess.policyCount} of them for every resource.`,
              ].join("\n")
            : "";
    return [
        "Through the project's harness (`plan/analyzer-client.ts`): one `Analyze` call in flight at a time, as the engine makes each step wait for it, after Configure and 300 untimed calls; the packs take turns every 500 calls. **Wall** is what the engine waits: it includes the harness turning JSON into a protobuf Struct, the loopback transport, and scheduling on this shared 2-core machine. **CPU** is the pack process's own CPU time (/proc), which is what the pack costs and is much steadier. The floor packs share our node_modules: one has no policy, one has as many no-op policies as ours.",
        "",
        table(
            ["pack", "policies", "resources", "per Analyze call (wall)", "pack CPU per call", "mandatory / advisory diagnostics"],
            analyzeRows,
        ),
        "",
        split,
        "",
        `AnalyzeStack, once per run, with the whole ${count(analyzeStackSize)}-resource stack. Our pack's stack checks (redis-component-shape, and every resource's id, arn and tagsAll against the Redis IDs and tag) run over the whole stack and find nothing to flag in it; awsguard's stack policies find nothing to check here (no certificate or access key with an ID).`,
        "",
        table(["pack", "resources", "per AnalyzeStack call (wall)", "pack CPU per call", "mandatory / advisory diagnostics"], stackRows),
        "",
        "awsguard is driven by the same harness, which spawns `run-policy-pack` from the repository's @pulumi/pulumi; awsguard then loads its own @pulumi/policy, @pulumi/pulumi and @pulumi/aws from its folder, so its Analyze path is its own. (Start-up above uses each pack's own launcher.) Configure is what the CLI sends for a pack that asks for all-mandatory: every policy mandatory with its schema's defaults, plus the 50 Redis IDs for ours.",
    ].join("\n");
}

function installSection(r: BenchResults): string {
    const ours = summarizeInstalls(r.installs.ours);
    const theirs = awsguardInstalls(r);
    const time = (ms: Summary | undefined) =>
        ms
            ? formatSummary(
                  scaleSummary(ms, (v) => v / 1000),
                  "s",
              )
            : "—";
    const cache = r.installs.awsguardCache;
    return [
        '`npm install --omit=dev --no-audit --no-fund` in a clean folder. Ours: the pack folder run through `npm pack` (as `pulumi policy publish` does), unpacked. awsguard: a pack whose index.js is `new AwsGuard({ all: "mandatory" })`. The npm cache is warm: set-up installs of both ran before the timed ones (for awsguard, an earlier run\'s install when its cached folder was reused), and the median keeps a slow first run out; so the time is resolution, unpacking and linking, not download.',
        "",
        table(
            ["pack", "size on disk", "files", "packages", "install time", "time from"],
            [
                [
                    OURS,
                    mib(ours.bytes),
                    count(ours.files),
                    count(r.installs.oursPackages.length),
                    time(ours.ms),
                    "fresh installs in this run",
                ],
                [
                    AWSGUARD,
                    mib(theirs.bytes),
                    count(theirs.files),
                    count(r.installs.awsguardPackages.length),
                    time(theirs.ms),
                    theirs.source,
                ],
            ],
        ),
        "",
        `awsguard's working install is cached in \`/tmp/redis-cloud-byoc-bench/cache/\` (${cache.createdNow ? "made fresh in this run" : `reused; made ${cache.record.date}`}). npm ${r.machine.npm} does not run dependencies' install scripts unless approved; with an older npm, @pulumi/aws 4's install script also runs \`pulumi plugin install resource aws v4…\` where a Pulumi CLI is present, which adds a provider plugin download to awsguard's install.`,
    ].join("\n");
}

function planSection(r: BenchResults): string {
    if (!r.plan)
        return "Not yet measurable: package.json has no `plan` script. The measurement code is in `bench/plan.ts`; the next run measures it.";
    const steps = r.plan.steps.filter((s) => s.ms.length);
    return [
        `\`npm run plan -- --out <scratch>\` (the script: \`${r.plan.script}\`), after one untimed run. Exit codes: ${r.plan.exitCodes.join(", ")}.`,
        "",
        table(
            ["what", "wall time"],
            [
                [
                    "`npm run plan`",
                    formatSummary(
                        scaleSummary(summarize(r.plan.totalMs), (v) => v / 1000),
                        "s",
                    ),
                ],
                ...steps.map((s) => [
                    `step \`${s.command}\``,
                    formatSummary(
                        scaleSummary(summarize(s.ms), (v) => v / 1000),
                        "s",
                    ),
                ]),
            ],
        ),
    ].join("\n");
}

export function renderReport(r: BenchResults): string {
    const targets = [...startupTargets(r), ...footprintTargets(r), ...inProcessTargets(r), planTarget(r)];
    const command = `npx ts-node --transpile-only bench/bench.ts${r.mode === "quick" ? " --quick" : ""}`;
    return [
        "# Benchmarks",
        "",
        `Generated by \`${command}\` (${r.mode} run, ${formatNumber(r.wallSeconds)} s wall time). Do not edit by hand: rerun to refresh. Every figure is a median, then min–max and the number of runs.`,
        "",
        "## Machine",
        "",
        machineSection(r),
        "",
        "## Targets",
        "",
        targetsSection(targets),
        "",
        "## 1. Start-up",
        "",
        startupSection(r),
        "",
        "## 2. Analyze cost",
        "",
        "### The synthetic stacks",
        "",
        mixSection(r),
        "",
        "### In-process",
        "",
        inProcessSection(r),
        "",
        "### Over gRPC, against awsguard",
        "",
        grpcSection(r),
        "",
        "## 3. Install footprint",
        "",
        installSection(r),
        "",
        "## 4. `npm run plan`",
        "",
        planSection(r),
        "",
    ].join("\n");
}
