/** What each mode of the benchmark measures, and the names of the packs it compares. */
import { AWSGUARD_VERSION } from "./packs";

export type Mode = "quick" | "full";

/** How much each mode measures. Quick stays under 2 minutes on 2 cores, full under 10. */
export interface Profile {
    startupRuns: { cold: number; warm: number };
    /** Which start-up targets get cold runs (each needs a page-cache drop). */
    coldTargets: readonly TargetKey[];
    warmTargets: readonly TargetKey[];
    inProcessSizes: readonly number[];
    inProcessRuns: number;
    grpcSizes: readonly number[];
    analyzeStackSize: number;
    grpcRuns: number;
    /** Analyze calls per pass over the real programs' resources (bench/real-programs.ts), cycled. */
    realProgramCalls: number;
    /** Fresh installs of each pack for the footprint; 0 for awsguard means "use the cache's record". */
    installRuns: { ours: number; awsguard: number };
    planRuns: number;
    planStepRuns: number;
}

export type TargetKey = "ours" | "oursInTree" | "floor" | "noopFloor" | "awsguard";

export const PROFILES: Readonly<Record<Mode, Profile>> = {
    quick: {
        startupRuns: { cold: 5, warm: 5 },
        coldTargets: ["ours", "awsguard"],
        warmTargets: ["ours", "floor", "awsguard"],
        inProcessSizes: [1_000, 10_000, 100_000],
        inProcessRuns: 5,
        grpcSizes: [1_000],
        analyzeStackSize: 1_000,
        grpcRuns: 5,
        realProgramCalls: 1_000,
        installRuns: { ours: 1, awsguard: 0 },
        planRuns: 5,
        planStepRuns: 0,
    },
    full: {
        startupRuns: { cold: 5, warm: 7 },
        coldTargets: ["ours", "oursInTree", "floor", "awsguard"],
        warmTargets: ["ours", "oursInTree", "floor", "awsguard"],
        inProcessSizes: [1_000, 10_000, 100_000],
        inProcessRuns: 7,
        grpcSizes: [1_000, 10_000],
        analyzeStackSize: 10_000,
        grpcRuns: 5,
        realProgramCalls: 5_000,
        installRuns: { ours: 5, awsguard: 5 },
        planRuns: 5,
        planStepRuns: 5,
    },
};

export const TARGET_LABELS: Readonly<Record<TargetKey, string>> = {
    ours: "redis-cloud-byoc-guard (installed as published)",
    oursInTree: "redis-cloud-byoc-guard (the repo's policy-pack/, on the repo's node_modules with ts-node 10 and TypeScript 6)",
    floor: "floor: empty PolicyPack (same node_modules as ours)",
    noopFloor: "floor: as many no-op policies as ours (same node_modules)",
    awsguard: `@pulumi/awsguard ${AWSGUARD_VERSION} (all mandatory)`,
};
