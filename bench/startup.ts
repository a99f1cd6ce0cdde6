/**
 * Start-up as the Pulumi CLI sees it: from spawning
 * `node <pack's @pulumi/pulumi>/cmd/run-policy-pack <engine> .` in the pack
 * folder to the port number on stdout, after which the engine can call the
 * pack. "Cold" drops the kernel's page cache first when the machine lets us,
 * so every file (node itself included) is read from disk again; Node 20 keeps
 * no compile cache between processes, so every run is a new process anyway.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { nowMs } from "./stats";

export interface StartTarget {
    label: string;
    packDir: string;
    /** The `@pulumi/pulumi` that the CLI would use: the one in the pack's own dependency tree. */
    pulumiDir: string;
}

/** run-policy-pack drops the engine address before it loads the pack, so no engine needs to listen there. */
const ENGINE_ADDRESS = "127.0.0.1:0";

/** Milliseconds from spawn to the port on stdout; the pack is then stopped, so runs never overlap. */
export function timeToPort(target: StartTarget, timeoutMs = 60_000): Promise<number> {
    const launcher = path.join(target.pulumiDir, "cmd", "run-policy-pack");
    return new Promise((resolve, reject) => {
        const started = nowMs();
        const pack = spawn(process.execPath, [launcher, ENGINE_ADDRESS, "."], { cwd: target.packDir, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        let servedAfter: number | undefined;
        const timer = setTimeout(() => pack.kill("SIGKILL"), timeoutMs);
        pack.stderr.on("data", (chunk) => (stderr += chunk));
        pack.stdout.on("data", (chunk) => {
            stdout += chunk;
            if (servedAfter === undefined && /^\d+\s*$/m.test(stdout)) {
                servedAfter = nowMs() - started;
                pack.kill();
            }
        });
        pack.on("exit", (code) => {
            clearTimeout(timer);
            if (servedAfter !== undefined) resolve(servedAfter);
            else reject(new Error(`${target.label}: the pack exited (${code}) before serving: ${stderr.slice(0, 2000)}`));
        });
    });
}

const cachedMiB = () => Number(/^Cached:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/meminfo", "utf8"))?.[1] ?? NaN) / 1024;

export interface CacheDrop {
    dropped: boolean;
    /** The page cache before and after the first drop, in MiB, as evidence that it worked. */
    beforeMiB: number;
    afterMiB: number;
    error?: string;
}

/** `sync; echo 3 > /proc/sys/vm/drop_caches`: needs root and a kernel that lets a container do it. */
export function dropPageCache(): CacheDrop {
    const beforeMiB = cachedMiB();
    try {
        execFileSync("sync");
        fs.writeFileSync("/proc/sys/vm/drop_caches", "3");
        return { dropped: true, beforeMiB, afterMiB: cachedMiB() };
    } catch (error) {
        return { dropped: false, beforeMiB, afterMiB: cachedMiB(), error: (error as Error).message };
    }
}

export interface StartupSamples {
    cold: Map<string, number[]>;
    warm: Map<string, number[]>;
    /** The first cache drop (cold runs drop before every spawn). */
    cacheDrop?: CacheDrop;
}

/**
 * Cold runs first (a cache drop before each spawn), then one untimed warm-up
 * per pack and the warm runs. Packs take turns within each round so that a
 * burst of load elsewhere on the machine does not land on one pack only.
 */
export async function measureStartup(
    coldTargets: readonly StartTarget[],
    warmTargets: readonly StartTarget[],
    runs: { cold: number; warm: number },
): Promise<StartupSamples> {
    const samples: StartupSamples = { cold: new Map(), warm: new Map() };
    const record = (into: Map<string, number[]>, label: string, ms: number) => into.set(label, [...(into.get(label) ?? []), ms]);
    for (let run = 0; run < runs.cold; run++) {
        for (const target of coldTargets) {
            const drop = dropPageCache();
            samples.cacheDrop ??= drop;
            if (!drop.dropped) break;
            record(samples.cold, target.label, await timeToPort(target));
        }
        if (!samples.cacheDrop?.dropped) break;
    }
    for (const target of warmTargets) await timeToPort(target);
    for (let run = 0; run < runs.warm; run++) {
        for (const target of warmTargets) record(samples.warm, target.label, await timeToPort(target));
    }
    return samples;
}
