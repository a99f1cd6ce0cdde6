/**
 * `npm run plan`, timed as a user runs it (warm: after one untimed run), with
 * `--out` in a scratch folder so that nothing lands in the tree but what the
 * script itself builds. Each `&&` step of the script is timed too, so that a
 * slow plan says which step is slow.
 */
import * as fs from "fs";
import * as path from "path";
import { run } from "./proc";

export interface PlanSamples {
    script: string;
    totalMs: number[];
    exitCodes: (number | null)[];
    /** Per step of the npm script (`a && b`), its command and its runs. */
    steps: { command: string; ms: number[] }[];
}

const PLAN_TIMEOUT_MS = 120_000;

export function planScript(repoRoot: string): string | undefined {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    return manifest.scripts?.plan;
}

/** npm runs scripts with the repository's node_modules/.bin first on PATH; the steps get the same. */
function scriptEnv(repoRoot: string): NodeJS.ProcessEnv {
    return { ...process.env, PATH: `${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}` };
}

export async function measurePlan(repoRoot: string, outDir: string, runs: number, stepRuns: number): Promise<PlanSamples | undefined> {
    const script = planScript(repoRoot);
    if (script === undefined) return undefined;
    const out = ["--out", outDir];
    const options = { cwd: repoRoot, timeoutMs: PLAN_TIMEOUT_MS };
    await run("npm", ["run", "plan", "--", ...out], options);
    const samples: PlanSamples = {
        script,
        totalMs: [],
        exitCodes: [],
        steps: script.split("&&").map((step) => ({ command: step.trim(), ms: [] })),
    };
    for (let i = 0; i < runs; i++) {
        const finished = await run("npm", ["run", "plan", "--", ...out], options);
        samples.totalMs.push(finished.ms);
        samples.exitCodes.push(finished.code);
    }
    // npm appends the arguments after `--` to the script, that is, to its last step.
    for (let i = 0; i < stepRuns; i++) {
        for (const [index, step] of samples.steps.entries()) {
            const isLast = index === samples.steps.length - 1;
            const command = isLast ? `${step.command} ${out.map((arg) => JSON.stringify(arg)).join(" ")}` : step.command;
            step.ms.push((await run("sh", ["-c", command], { ...options, env: scriptEnv(repoRoot) })).ms);
        }
    }
    return samples;
}
