/** What one benchmark run measured, as the report reads it; labels and formatting shared by the report's parts. */
import type { AnalyzerResource } from "../plan/analyzer-client";
import type { GrpcSamples } from "./grpc";
import type { Tally } from "./in-process";
import type { Machine } from "./machine";
import type { InstallRecord, Installed, PackageSize, PackedTarball } from "./packs";
import type { PlanSamples } from "./plan";
import { Mode, Profile, TARGET_LABELS } from "./profile";
import type { StartupSamples } from "./startup";
import { Summary, formatNumber, scaleSummary, summarize } from "./stats";

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
    /** Analyze over gRPC on the real programs' resources (bench/real-programs.ts), cycled to `calls` per pass. */
    grpcReal: { samples: GrpcSamples; calls: number; resources: number; types: number; configs: readonly string[] };
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

export const OURS = TARGET_LABELS.ours;
export const AWSGUARD = TARGET_LABELS.awsguard;
export const FLOOR = TARGET_LABELS.floor;
export const NOOP_FLOOR = TARGET_LABELS.noopFloor;

export const mib = (bytes: number) => `${formatNumber(bytes / 2 ** 20)} MiB`;
export const count = (n: number) => n.toLocaleString("en-US");
export const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;
export const perResourceUs = (ms: number[], size: number): Summary => scaleSummary(summarize(ms), (total) => (total * 1000) / size);
export const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
    [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
