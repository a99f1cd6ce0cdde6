/**
 * The audit command run in-process, its two streams captured: what the moto suites assert on.
 */
import { runAudit } from "../../audit/cli";

export interface AuditRun {
    code: number;
    stdout: string;
    stderr: string;
}

export async function audit(...argv: string[]): Promise<AuditRun> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAudit(
        argv,
        (text) => out.push(text),
        (text) => err.push(text),
    );
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
