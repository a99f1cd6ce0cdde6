/** What the figures were measured on: they mean little without it. */
import { execFileSync } from "child_process";
import * as os from "os";

export interface Machine {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    node: string;
    npm: string;
    kernel: string;
    date: string;
    /** 1-minute load average when the run started: other work on the machine skews every figure. */
    loadAtStart: number;
}

/** `os.cpus()` names some virtual CPUs only by family ("AMD EPYC"); /proc/cpuinfo says no more, but try. */
function cpuModel(): string {
    const fromOs = os.cpus()[0]?.model?.trim() ?? "unknown";
    try {
        const fromLscpu = /Model name:\s*(.+)/.exec(execFileSync("lscpu", { encoding: "utf8" }))?.[1]?.trim();
        return fromLscpu && fromLscpu.length > fromOs.length ? fromLscpu : fromOs;
    } catch {
        return fromOs;
    }
}

export function describeMachine(): Machine {
    return {
        cpuModel: cpuModel(),
        cores: os.cpus().length,
        memoryGiB: os.totalmem() / 2 ** 30,
        node: process.version,
        npm: execFileSync("npm", ["--version"], { encoding: "utf8" }).trim(),
        kernel: `${os.type()} ${os.release()}`,
        date: new Date().toISOString(),
        loadAtStart: os.loadavg()[0],
    };
}
