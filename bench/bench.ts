/**
 * `npm run bench`: how light and fast the guard pack is in a preview, against
 * Pulumi's own AWS pack (`@pulumi/awsguard`), written to bench/BENCHMARKS.md (beside this code).
 *
 *   npx ts-node --transpile-only bench/bench.ts [--quick] [--out FILE]
 *
 * Measures start-up (spawn to port, cold and warm), Analyze cost in-process
 * and over gRPC on synthetic stacks, AnalyzeStack, install footprint, and
 * `npm run plan`. Every figure is a median with its min–max over several
 * runs. Scratch folders live under /tmp/redis-cloud-byoc-bench; awsguard's
 * install is cached there between runs. Nothing in the tree is written but
 * the report (and whatever `npm run plan` itself builds).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REDIS_GUARD_POLICIES } from "../policy-pack/policies";
import { describeMachine } from "./machine";
import { decode, skipValidation, timeInProcess, timeSdkDecoding } from "./in-process";
import { measureGrpc } from "./grpc";
import {
    BENCH_ROOT,
    Installed,
    cachedAwsguard,
    packageSizes,
    installAwsguard,
    installOurs,
    PackedTarball,
    packOurs,
    pulumiDirOf,
    writeFloorPack,
} from "./packs";
import { measurePlan } from "./plan";
import { REAL_PROGRAM_CONFIGS, cycled, realProgramResources } from "./real-programs";
import { BenchResults, renderReport } from "./report";
import { BENCH_POLICY_CONFIG, syntheticStack } from "./stacks";
import { Mode, PROFILES, Profile, TARGET_LABELS, TargetKey } from "./profile";
import { StartTarget, measureStartup } from "./startup";
import { nowMs, repeat } from "./stats";

const REPO_ROOT = path.resolve(__dirname, "..");
/** Decoding cost per resource does not depend on the stack; 10,000 resources keep the Structs' memory small. */
const SDK_DECODE_STACK = 10_000;

function parseArgs(argv: readonly string[]): { mode: Mode; out: string } {
    const outFlag = argv.indexOf("--out");
    const isOutValue = (i: number) => outFlag >= 0 && i === outFlag + 1;
    const unknown = argv.filter((arg, i) => !["--quick", "--out"].includes(arg) && !isOutValue(i));
    if (unknown.length || (outFlag >= 0 && argv[outFlag + 1] === undefined)) {
        throw new Error(`usage: npx ts-node --transpile-only bench/bench.ts [--quick] [--out FILE]; unexpected ${unknown.join(" ")}`);
    }
    return {
        mode: argv.includes("--quick") ? "quick" : "full",
        out: path.resolve(outFlag >= 0 ? argv[outFlag + 1] : path.join(__dirname, "BENCHMARKS.md")),
    };
}

const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function measureInProcess(profile: Profile): Promise<BenchResults["inProcess"]> {
    const largest = Math.max(...profile.inProcessSizes);
    const stack = decode(syntheticStack(largest));
    const policies = [...REDIS_GUARD_POLICIES];
    // JIT warm-up on a prefix, so the smallest size is not charged for compilation.
    for (let i = 0; i < 2; i++) await timeInProcess(policies, stack.slice(0, 10_000), BENCH_POLICY_CONFIG);
    // Sizes take turns within each run, so that load elsewhere on the machine does not skew the growth ratio.
    const bySize = profile.inProcessSizes.map((size) => ({
        size,
        ms: [] as number[],
        cpuMs: [] as number[],
        tally: { violations: 0, advisories: 0 },
    }));
    for (let run = 0; run < profile.inProcessRuns; run++) {
        for (const entry of bySize) {
            const pass = await timeInProcess(policies, stack.slice(0, entry.size), BENCH_POLICY_CONFIG);
            entry.ms.push(pass.ms);
            entry.cpuMs.push(pass.cpuMs);
            entry.tally = pass.tally;
        }
    }
    log(`in-process: ${bySize.map((entry) => `${entry.size}: ${entry.ms.map((ms) => ms.toFixed(0)).join(", ")} ms`).join("; ")}`);
    const argsOnlyMs = await repeat(
        profile.inProcessRuns,
        async () => (await timeInProcess(policies, stack, BENCH_POLICY_CONFIG, skipValidation)).ms,
    );
    const perPolicy = [];
    for (const policy of policies) {
        perPolicy.push({
            name: policy.name,
            ms: await repeat(profile.inProcessRuns, async () => (await timeInProcess([policy], stack, BENCH_POLICY_CONFIG)).ms),
        });
    }
    const decodeSize = Math.min(largest, SDK_DECODE_STACK);
    const sdkDecodeMs = await repeat(profile.inProcessRuns, () => timeSdkDecoding(stack.slice(0, decodeSize), policies.length));
    return { bySize, largest, argsOnlyMs, perPolicy, policyCount: policies.length, sdkDecode: { size: decodeSize, ms: sdkDecodeMs } };
}

async function measureInstalls(
    profile: Profile,
    tarball: PackedTarball,
    runDir: string,
    awsguardCache: Awaited<ReturnType<typeof cachedAwsguard>>,
    oursDir: string,
): Promise<BenchResults["installs"]> {
    const ours: Installed[] = [];
    const awsguard: Installed[] = [];
    const rounds = Math.max(profile.installRuns.ours, profile.installRuns.awsguard);
    // Rounds alternate the packs, each into a clean folder; the npm cache is warm from the set-up installs.
    for (let round = 0; round < rounds; round++) {
        if (round < profile.installRuns.ours) {
            const dir = path.join(runDir, `install-ours-${round}`);
            ours.push(await installOurs(tarball, dir));
            fs.rmSync(dir, { recursive: true, force: true });
        }
        if (round < profile.installRuns.awsguard) {
            const dir = path.join(runDir, `install-awsguard-${round}`);
            awsguard.push(await installAwsguard(dir));
            fs.rmSync(dir, { recursive: true, force: true });
        }
        log(`install round ${round + 1}/${rounds} done`);
    }
    return {
        ours,
        awsguard,
        awsguardCache,
        oursPackages: await packageSizes(oursDir),
        awsguardPackages: await packageSizes(awsguardCache.installed.dir),
        oursTarball: tarball,
    };
}

async function main(): Promise<void> {
    const { mode, out } = parseArgs(process.argv.slice(2));
    const profile = PROFILES[mode];
    const started = nowMs();
    const machine = describeMachine();
    const runDir = path.join(BENCH_ROOT, `run-${process.pid}`);
    fs.rmSync(runDir, { recursive: true, force: true });
    fs.mkdirSync(runDir, { recursive: true });
    try {
        log(`${mode} run; scratch in ${runDir}`);
        const tarball = await packOurs(REPO_ROOT, runDir);
        const oursSetup = await installOurs(tarball, path.join(runDir, "ours"));
        const floorDir = path.join(runDir, "ours", "floor-pack");
        const noopFloorDir = path.join(runDir, "ours", "noop-floor-pack");
        writeFloorPack(floorDir, 0);
        writeFloorPack(noopFloorDir, REDIS_GUARD_POLICIES.length);
        log("our pack built, packed and installed; preparing awsguard");
        const awsguardCache = await cachedAwsguard(machine.npm);
        const packDirs: Record<TargetKey, string> = {
            ours: oursSetup.dir,
            oursInTree: path.join(REPO_ROOT, "policy-pack"),
            floor: floorDir,
            noopFloor: noopFloorDir,
            awsguard: awsguardCache.installed.dir,
        };
        const inTreeBuilt = fs.existsSync(path.join(packDirs.oursInTree, "bin", "policy-pack", "index.js"));
        const usable = (keys: readonly TargetKey[]) => keys.filter((key) => key !== "oursInTree" || inTreeBuilt);
        const startTarget = (key: TargetKey): StartTarget => ({
            label: TARGET_LABELS[key],
            packDir: packDirs[key],
            pulumiDir: pulumiDirOf(packDirs[key]),
        });

        log("in-process Analyze");
        const inProcess = await measureInProcess(profile);

        log("start-up");
        const startup = await measureStartup(
            usable(profile.coldTargets).map(startTarget),
            usable(profile.warmTargets).map(startTarget),
            profile.startupRuns,
        );

        log("Analyze and AnalyzeStack over gRPC");
        const stack = syntheticStack(Math.max(...profile.grpcSizes, profile.analyzeStackSize));
        const grpcTargets = (["ours", "noopFloor", "floor", "awsguard"] as const).map((key) => ({
            label: TARGET_LABELS[key],
            packDir: packDirs[key],
        }));
        const grpc = await measureGrpc(
            grpcTargets,
            stack,
            profile.grpcSizes,
            profile.analyzeStackSize,
            profile.grpcRuns,
            BENCH_POLICY_CONFIG,
        );

        log("Analyze over gRPC: the real programs");
        const realResources = await realProgramResources();
        const grpcReal = await measureGrpc(
            grpcTargets,
            cycled(realResources, profile.realProgramCalls),
            [profile.realProgramCalls],
            0,
            profile.grpcRuns,
            BENCH_POLICY_CONFIG,
        );

        log("npm run plan");
        const plan = await measurePlan(REPO_ROOT, path.join(runDir, "plan-out"), profile.planRuns, profile.planStepRuns);

        log("install footprint");
        const installs = await measureInstalls(profile, tarball, runDir, awsguardCache, oursSetup.dir);

        const results: BenchResults = {
            mode,
            profile,
            machine,
            loadAtEnd: os.loadavg()[0],
            wallSeconds: (nowMs() - started) / 1000,
            stackForMix: syntheticStack(inProcess.largest),
            inProcess,
            startup: {
                samples: startup,
                inTreeBuilt,
                pulumiVersions: Object.fromEntries(Object.entries(packDirs).map(([key, dir]) => [key, pulumiVersionOf(dir)])),
            },
            grpc: { samples: grpc, sizes: profile.grpcSizes, analyzeStackSize: profile.analyzeStackSize },
            grpcReal: {
                samples: grpcReal,
                calls: profile.realProgramCalls,
                resources: realResources.length,
                types: new Set(realResources.map((r) => r.type)).size,
                configs: REAL_PROGRAM_CONFIGS.map((c) => c.what),
            },
            plan,
            installs,
        };
        fs.writeFileSync(out, renderReport(results));
        log(`wrote ${out} after ${results.wallSeconds.toFixed(0)} s`);
    } finally {
        fs.rmSync(runDir, { recursive: true, force: true });
    }
}

function pulumiVersionOf(packDir: string): string {
    return (JSON.parse(fs.readFileSync(path.join(pulumiDirOf(packDir), "package.json"), "utf8")) as { version: string }).version;
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
});
