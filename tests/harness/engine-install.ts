/**
 * Where the real Pulumi CLI lives on this machine, and how it is built; run as
 * `npm run engine:install`, it builds what is missing or stale and ends by
 * printing `pulumi version`. Needs Go and the Go module proxy; nothing is
 * downloaded from anywhere else.
 *
 * `tests/harness/engine/` is a Go module that only builds tools: the Pulumi CLI
 * at the version pinned in its `go.mod`, Pulumi's YAML language host
 * (`yaml-host/`), and the stand-in Node.js language host
 * (`standin-language-nodejs/`, a stand-in because Pulumi's own Node host is
 * not served by the Go module proxy). The binaries go to a cache
 * outside the repository, one folder per Pulumi version; each binary is
 * rebuilt only when the files it is built from change.
 */
import { execFileSync, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ENGINE_DIR = path.join(__dirname, "engine");

/** The Pulumi version that `tests/harness/engine/go.mod` pins for `pkg/v3` (and `sdk/v3`, which must match). */
export function pinnedPulumiVersion(): string {
    const goMod = fs.readFileSync(path.join(ENGINE_DIR, "go.mod"), "utf8");
    const version = (module: string) => new RegExp(`^\\s*${module.replace(/[./]/g, "\\$&")} (v\\S+)`, "m").exec(goMod)?.[1];
    const [pkg, sdk] = [version("github.com/pulumi/pulumi/pkg/v3"), version("github.com/pulumi/pulumi/sdk/v3")];
    if (!pkg || pkg !== sdk)
        throw new Error(`tests/harness/engine/go.mod must pin pkg/v3 and sdk/v3 at one version (found ${pkg} and ${sdk})`);
    return pkg;
}

/** `~/.cache/redis-cloud-byoc-aws/pulumi-<version>/bin` (or under `$XDG_CACHE_HOME`). */
export function engineBinDir(): string {
    const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(cacheRoot, "redis-cloud-byoc-aws", `pulumi-${pinnedPulumiVersion()}`, "bin");
}

interface EngineBinary {
    name: string;
    /** What the build reads, relative to `tests/harness/engine/`: a change to any of them rebuilds this binary. */
    inputs: string[];
    /** Module directory (relative to `tests/harness/engine/`) and package to build. */
    moduleDir: string;
    pkg: string;
    ldflags?: (version: string) => string;
    tags?: string;
    /** Minutes a cold build takes on this project's 2-core machines, for the up-front notice. */
    coldMinutes: number;
}

/** The binaries, in build order. */
export const ENGINE_BINARIES: EngineBinary[] = [
    {
        name: "pulumi",
        inputs: ["go.mod", "go.sum"],
        moduleDir: ".",
        pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
        // As Pulumi's release build does.
        ldflags: (version) => `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`,
        tags: "osusergo,grpcnotrace",
        coldMinutes: 9,
    },
    {
        name: "pulumi-language-yaml",
        inputs: ["yaml-host/go.mod", "yaml-host/go.sum"],
        moduleDir: "yaml-host",
        pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
        coldMinutes: 4,
    },
    {
        name: "pulumi-language-nodejs",
        inputs: ["go.mod", "go.sum", "standin-language-nodejs/main.go"],
        moduleDir: ".",
        pkg: "./standin-language-nodejs",
        coldMinutes: 1,
    },
];

function inputsHash(binary: EngineBinary): string {
    const hash = crypto.createHash("sha256");
    for (const input of binary.inputs) hash.update(input).update(fs.readFileSync(path.join(ENGINE_DIR, input)));
    return hash.digest("hex");
}

const stampPath = (binDir: string, binary: EngineBinary) => path.join(binDir, `.${binary.name}.inputs`);

/** True when the binary is in the cache and was built from the current inputs. */
export function isCurrent(binary: EngineBinary, binDir = engineBinDir()): boolean {
    const stamp = stampPath(binDir, binary);
    return fs.existsSync(path.join(binDir, binary.name)) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === inputsHash(binary);
}

/** True when every engine binary is built and current. */
export const engineIsInstalled = (binDir = engineBinDir()) => ENGINE_BINARIES.every((binary) => isCurrent(binary, binDir));

/** Builds one binary with `go build`, printing a line per compiled package count every 20 s. */
export async function buildBinary(binary: EngineBinary, binDir: string, log: (line: string) => void): Promise<void> {
    const version = pinnedPulumiVersion();
    const target = path.join(binDir, binary.name);
    const args = ["build", "-v", "-mod=readonly", "-o", `${target}.tmp`];
    if (binary.tags) args.push("-tags", binary.tags);
    if (binary.ldflags) args.push("-ldflags", binary.ldflags(version));
    args.push(binary.pkg);
    const started = Date.now();
    let packages = 0;
    let lastError = "";
    await new Promise<void>((resolve, reject) => {
        const child = spawn("go", args, { cwd: path.join(ENGINE_DIR, binary.moduleDir), stdio: ["ignore", "inherit", "pipe"] });
        const heartbeat = setInterval(
            () =>
                log(
                    `  ${binary.name}: ${packages} packages compiled (cached ones not counted), ${Math.round((Date.now() - started) / 1000)} s`,
                ),
            20_000,
        );
        child.stderr.on("data", (chunk: Buffer) => {
            for (const line of chunk.toString().split("\n").filter(Boolean)) {
                // `go build -v` names each package as it compiles it; anything else is worth showing.
                if (/^[\w.-]+(\/[\w.~-]+)*$/.test(line)) packages++;
                else {
                    lastError = line;
                    log(`  ${line}`);
                }
            }
        });
        child.on("error", reject);
        child.on("close", (code) => {
            clearInterval(heartbeat);
            if (code === 0) resolve();
            else reject(new Error(`go build of ${binary.name} failed (exit ${code}): ${lastError}`));
        });
    });
    fs.renameSync(`${target}.tmp`, target);
    fs.writeFileSync(stampPath(binDir, binary), inputsHash(binary));
    log(`  ${binary.name}: built in ${Math.round((Date.now() - started) / 1000)} s (${packages} packages)`);
}

async function install(): Promise<void> {
    const binDir = engineBinDir();
    fs.mkdirSync(binDir, { recursive: true });
    const version = pinnedPulumiVersion();
    const stale = ENGINE_BINARIES.filter((binary) => !isCurrent(binary, binDir));
    if (stale.length === 0) {
        console.log(`Pulumi ${version} engine: cached in ${binDir}`);
    } else {
        const minutes = stale.reduce((sum, binary) => sum + binary.coldMinutes, 0);
        console.log(
            `Building ${stale.map((b) => b.name).join(", ")} (Pulumi ${version}) into ${binDir}.\n` +
                `A cold build takes up to about ${minutes} minutes on 2 cores (less with a warm Go build cache).`,
        );
        for (const binary of stale) {
            console.log(`- ${binary.name}`);
            await buildBinary(binary, binDir, (line) => console.log(line));
        }
    }
    console.log(execFileSync(path.join(binDir, "pulumi"), ["version"], { encoding: "utf8" }).trim());
}

if (require.main === module)
    install().catch((error) => {
        console.error(`engine:install: ${(error as Error).message}`);
        process.exit(2);
    });
