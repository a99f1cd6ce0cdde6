/**
 * The packs under test, each in a folder of its own under /tmp:
 * - ours as `pulumi policy publish` users get it: the pack folder run through
 *   `npm pack` (so package.json "files" decides what ships), unpacked into a
 *   clean folder, then `npm install --omit=dev`;
 * - awsguard as its README sets it up: a pack whose index.js is
 *   `new AwsGuard({ all: "mandatory" })`, then `npm install --omit=dev`;
 * - floor packs beside ours, on the same node_modules: one with no policy
 *   (what any pack costs before its first policy), one with as many no-op
 *   policies as ours (what the SDK costs per policy, before any policy works).
 * Nothing here writes inside the repository.
 */
import * as fs from "fs";
import * as path from "path";
import { countFiles, diskUsageBytes, runOk } from "./proc";

/** The only version of `@pulumi/awsguard` on npm (0.3.1, which depends on @pulumi/aws ^4 and aws-sdk ^2). */
export const AWSGUARD_VERSION = "0.3.1";
export const BENCH_ROOT = "/tmp/redis-cloud-byoc-bench";
const AWSGUARD_CACHE = path.join(BENCH_ROOT, "cache", `awsguard-${AWSGUARD_VERSION}`);
const INSTALL_RECORD = "bench-install.json";

/** Both packs are installed with the same flags; audit and fund only add network calls and noise. */
const NPM_INSTALL = ["install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"];
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export interface Installed {
    dir: string;
    /** Wall time of `npm install`, or undefined when the folder came from the cache. */
    ms?: number;
    bytes: number;
    files: number;
}

export interface InstallRecord {
    ms: number;
    date: string;
    npm: string;
}

function writeJson(file: string, value: unknown): void {
    fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

async function npmInstall(dir: string): Promise<Installed> {
    const { ms } = await runOk("npm", NPM_INSTALL, { cwd: dir, timeoutMs: INSTALL_TIMEOUT_MS });
    return { dir, ms, ...(await footprint(dir)) };
}

export async function footprint(dir: string): Promise<{ bytes: number; files: number }> {
    return { bytes: await diskUsageBytes(dir), files: countFiles(dir) };
}

/**
 * Compiles the pack from the repository's sources into a staging folder and
 * packs it with `npm pack`, as `pulumi policy publish` does. `--noCheck`:
 * the emitted JavaScript is the same, and type checking is `npm run typecheck`'s job.
 */
export async function packOurs(repoRoot: string, workDir: string): Promise<PackedTarball> {
    const packSource = path.join(repoRoot, "policy-pack");
    const stage = path.join(workDir, "stage");
    fs.mkdirSync(stage, { recursive: true });
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const tsconfig = path.join(packSource, "tsconfig.json");
    await runOk(process.execPath, [tsc, "-p", tsconfig, "--outDir", path.join(stage, "bin"), "--noCheck"], {
        cwd: repoRoot,
        timeoutMs: 120_000,
    });
    for (const file of fs.readdirSync(packSource)) {
        const source = path.join(packSource, file);
        if (fs.statSync(source).isFile() && !file.endsWith(".ts") && file !== "tsconfig.json")
            fs.copyFileSync(source, path.join(stage, file));
    }
    const { stdout } = await runOk("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: stage, timeoutMs: 120_000 });
    const [packed] = JSON.parse(stdout) as { filename: string; unpackedSize: number; entryCount: number }[];
    return { file: path.join(workDir, packed.filename), unpackedBytes: packed.unpackedSize, files: packed.entryCount };
}

export interface PackedTarball {
    file: string;
    /** What the pack itself ships, before dependencies. */
    unpackedBytes: number;
    files: number;
}

export async function installOurs(tarball: PackedTarball, dir: string): Promise<Installed> {
    fs.mkdirSync(dir, { recursive: true });
    await runOk("tar", ["-xzf", tarball.file, "-C", dir, "--strip-components=1"], { cwd: dir, timeoutMs: 60_000 });
    return npmInstall(dir);
}

function writeAwsguardPack(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    writeJson(path.join(dir, "package.json"), {
        name: "bench-awsguard",
        version: "0.0.1",
        private: true,
        main: "index.js",
        dependencies: { "@pulumi/awsguard": AWSGUARD_VERSION },
    });
    fs.writeFileSync(
        path.join(dir, "index.js"),
        'const { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard({ all: "mandatory" });\n',
    );
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
}

export async function installAwsguard(dir: string): Promise<Installed> {
    writeAwsguardPack(dir);
    return npmInstall(dir);
}

export interface CachedAwsguard {
    installed: Installed;
    /** The fresh install that made the cache: now, or on an earlier run. */
    record: InstallRecord;
    createdNow: boolean;
}

/** awsguard's install, kept between runs (it is large and slow to fetch); made in a scratch folder, then renamed. */
export async function cachedAwsguard(npmVersion: string): Promise<CachedAwsguard> {
    const recordFile = path.join(AWSGUARD_CACHE, INSTALL_RECORD);
    if (fs.existsSync(recordFile)) {
        const record = JSON.parse(fs.readFileSync(recordFile, "utf8")) as InstallRecord;
        return { installed: { dir: AWSGUARD_CACHE, ...(await footprint(AWSGUARD_CACHE)) }, record, createdNow: false };
    }
    const scratch = `${AWSGUARD_CACHE}.partial-${process.pid}`;
    fs.rmSync(scratch, { recursive: true, force: true });
    const installed = await installAwsguard(scratch);
    const record: InstallRecord = { ms: installed.ms as number, date: new Date().toISOString(), npm: npmVersion };
    writeJson(path.join(scratch, INSTALL_RECORD), record);
    fs.rmSync(AWSGUARD_CACHE, { recursive: true, force: true });
    fs.renameSync(scratch, AWSGUARD_CACHE);
    return { installed: { ...installed, dir: AWSGUARD_CACHE }, record, createdNow: true };
}

/** A pack whose policies do nothing, resolving `@pulumi/policy` from the folder above it. */
export function writeFloorPack(dir: string, noopPolicies: number): void {
    fs.mkdirSync(dir, { recursive: true });
    const name = `bench-floor-${noopPolicies}`;
    writeJson(path.join(dir, "package.json"), { name, version: "0.0.1", private: true, main: "index.js" });
    const policy = (i: number) =>
        `{ name: "noop-${i}", description: "does nothing", enforcementLevel: "mandatory", validateResource: () => {} }`;
    const policies = Array.from({ length: noopPolicies }, (_, i) => policy(i)).join(", ");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("${name}", { policies: [${policies}] });\n`,
    );
}

/** The `@pulumi/pulumi` a pack folder resolves, as the CLI would find it. */
export const pulumiDirOf = (packDir: string): string => path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [packDir] }));

/** Every top-level package of an install with its size (as `du` counts it) and file count: where the footprint goes. */
export async function packageSizes(dir: string): Promise<PackageSize[]> {
    const modules = path.join(dir, "node_modules");
    const names = fs
        .readdirSync(modules)
        .filter((name) => !name.startsWith("."))
        .flatMap((name) => (name.startsWith("@") ? fs.readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`) : [name]));
    const { stdout } = await runOk("du", ["-sk", ...names], { cwd: modules, timeoutMs: 120_000 });
    return stdout
        .trim()
        .split("\n")
        .map((line) => line.split("\t"))
        .map(([kib, name]) => ({
            name,
            bytes: Number(kib) * 1024,
            files: countFiles(path.join(modules, name)),
            neverLoaded: countFiles(path.join(modules, name), isNeverLoaded),
        }));
}

export interface PackageSize {
    name: string;
    bytes: number;
    files: number;
    /** Source maps and type declarations: installed, never loaded by a running pack. */
    neverLoaded: number;
}

const isNeverLoaded = (name: string) => name.endsWith(".map") || /\.d\.[cm]?ts$/.test(name);
