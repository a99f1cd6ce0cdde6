/** BENCHMARKS.md from one run's samples: the targets first, then every figure with its spread and method. */
import type { Pass } from "./grpc";
import { TARGET_LABELS } from "./profile";
import { MIX_RATES, typeCounts } from "./stacks";
import { Summary, formatNumber, formatSummary, scaleSummary, summarize } from "./stats";

import { AWSGUARD, BenchResults, FLOOR, NOOP_FLOOR, OURS, count, mib, perResourceUs, ratio, table } from "./report-results";
import {
    Target,
    awsguardInstalls,
    footprintTargets,
    inProcessTargets,
    planTarget,
    startupTargets,
    startupFloorTarget,
    analyzeCpuTargets,
    summarizeInstalls,
} from "./report-targets";

export type { BenchResults };

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

function realProgramsSection(r: BenchResults): string {
    const { samples, calls, resources, types, configs } = r.grpcReal;
    const rows = [...samples.analyze.keys()].map((label) => {
        const passes = samples.analyze.get(label)?.get(calls) ?? [];
        const found = samples.diagnosed.get(label)?.get(calls);
        return [
            label,
            formatSummary(
                perResourceUs(
                    passes.map((p) => p.wallMs),
                    calls,
                ),
                "µs",
            ),
            formatSummary(
                perResourceUs(
                    passes.map((p) => p.cpuMs),
                    calls,
                ),
                "µs",
            ),
            found ? `${count(found.mandatory)} / ${count(found.advisory)}` : "—",
        ];
    });
    return [
        `The project's own program (\`index.ts\`) on the SDK's mock engine in ${configs.length} configurations: ${configs.join("; ")}. That is ${count(resources)} resources of ${types} types, each sent as the engine would send it; a pass cycles through them for ${count(calls)} calls, the packs taking turns as above. Our pack must find nothing to flag in them; awsguard's all-mandatory policies flag what they flag (their IAM rules on Redis's documents).`,
        "",
        table(["pack", "per Analyze call (wall)", "pack CPU per call", "mandatory / advisory diagnostics"], rows),
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
    const targets = [
        ...startupTargets(r),
        startupFloorTarget(r),
        ...footprintTargets(r),
        ...inProcessTargets(r),
        ...analyzeCpuTargets(r),
        planTarget(r),
    ];
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
        "### Over gRPC, on the project's real programs",
        "",
        realProgramsSection(r),
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
