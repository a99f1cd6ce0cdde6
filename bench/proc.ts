/** Child processes with a wall-clock time, a timeout, and their output kept for error messages. */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { nowMs } from "./stats";

export interface Finished {
    code: number | null;
    ms: number;
    stdout: string;
    stderr: string;
}

export interface RunOptions {
    cwd: string;
    timeoutMs: number;
    env?: NodeJS.ProcessEnv;
}

/** Runs `command args` and resolves when it exits (or is killed at the timeout), with its wall time. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<Finished> {
    return new Promise((resolve, reject) => {
        const started = nowMs();
        const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
        child.on("error", (error) => (clearTimeout(timer), reject(error)));
        child.on("exit", (code) => (clearTimeout(timer), resolve({ code, ms: nowMs() - started, stdout, stderr })));
    });
}

/** Like `run`, but a non-zero exit is an error that shows the end of the output. */
export async function runOk(command: string, args: readonly string[], options: RunOptions): Promise<Finished> {
    const finished = await run(command, args, options);
    if (finished.code !== 0) {
        const tail = (finished.stderr || finished.stdout).slice(-2000);
        throw new Error(`${command} ${args.join(" ")} (in ${options.cwd}) exited with ${finished.code}:\n${tail}`);
    }
    return finished;
}

/** Files (not directories) under `dir` whose name passes `matches`, counted without following symbolic links. */
export function countFiles(dir: string, matches: (name: string) => boolean = () => true): number {
    let count = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) count += countFiles(path.join(dir, entry.name), matches);
        else if (entry.isFile() && matches(entry.name)) count++;
    }
    return count;
}

/** Size on disk as `du -sk` reports it, in bytes: what the install really costs, block-rounded. */
export async function diskUsageBytes(dir: string): Promise<number> {
    const { stdout } = await runOk("du", ["-sk", dir], { cwd: dir, timeoutMs: 120_000 });
    return Number(stdout.split(/\s+/)[0]) * 1024;
}
