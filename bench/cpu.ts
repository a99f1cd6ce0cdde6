/**
 * CPU time of a pack's process, from /proc. On a shared 2-core machine the
 * wall time of one Analyze call is mostly scheduling and transport; the CPU
 * the pack's process burns is what the pack itself costs, and is far steadier.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces), numbered as in proc(5) from 3. */
function statFields(pid: number): string[] {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** User plus system CPU of a process, in milliseconds (resolution: one clock tick, 10 ms here). */
export function processCpuMs(pid: number): number {
    const fields = statFields(pid);
    const [utime, stime] = [Number(fields[14 - 3]), Number(fields[15 - 3])];
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** The child of this process whose working directory is `dir`: the pack the harness spawned there. */
export function childPidByCwd(dir: string): number {
    const wanted = fs.realpathSync(dir);
    const children = fs
        .readdirSync("/proc")
        .filter((entry) => /^\d+$/.test(entry))
        .map(Number)
        .filter((pid) => {
            try {
                return Number(statFields(pid)[4 - 3]) === process.pid && fs.readlinkSync(path.join("/proc", String(pid), "cwd")) === wanted;
            } catch {
                return false; // the process ended while we looked
            }
        });
    if (children.length !== 1) throw new Error(`expected one pack process in ${dir}, found ${children.length}`);
    return children[0];
}
