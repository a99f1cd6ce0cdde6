/**
 * The review folder `npm run plan -- --out DIR` writes: plan.json, summary.md and
 * the documents, written completely or not at all. Also the plan's input errors,
 * which name the path or flag and the cause in one line.
 */
import * as fs from "fs";
import * as path from "path";
import { RegisteredResource, maskSecrets, revealSecrets } from "./mock-engine";

/** A dynamic resource's inputs carry its provider's serialised code (`__provider`): named, not copied, in the review folder. */
function withoutProviderCode(inputs: Record<string, unknown>): Record<string, unknown> {
    return "__provider" in inputs ? { ...inputs, __provider: "[the dynamic provider's serialised code]" } : inputs;
}
import { type Provenance, type Verdict, renderAccessMatrix } from "./summary";

/** Thrown for anything the user must fix; printed without a stack trace, exit code 2. */
export class PlanInputError extends Error {}

/** A file or folder error as one line: the path and the cause, e.g. `permission denied (EACCES)`. */
export function fileError(what: string, error: unknown): PlanInputError {
    const e = error as NodeJS.ErrnoException;
    const cause = e.code
        ? `${e.message.replace(/^\w+: /, "").replace(/, \w+( '.*')?$/s, "")} (${e.code})`
        : (e.message ?? String(error)).split("\n")[0];
    return new PlanInputError(`${what}: ${cause}`);
}

/**
 * plan.json, summary.md, policies/<PolicyName>.json and trust-policies/<RoleName>.json
 * (and scp/ with --guardrail) into `out`, which must not exist yet; secrets masked as "[secret]".
 */
export function writeArtifacts(
    out: string,
    resources: RegisteredResource[],
    verdicts: Verdict[],
    outputs: Record<string, unknown> = {},
    summary?: { provenance: Provenance; markdown: string },
): string[] {
    const written: string[] = [];
    const writeText = (relative: string, text: string) => {
        const file = path.join(out, relative);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        written.push(relative);
    };
    const write = (relative: string, value: unknown) => writeText(relative, `${JSON.stringify(value, null, 2)}\n`);
    write("plan.json", {
        note: "Offline plan on Pulumi's mock engine: not a pulumi preview. No AWS calls were made and no state was read.",
        ...(summary ? { producedBy: summary.provenance } : {}),
        resources: resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent || null,
            protect: r.protect,
            // Only while adopting: the existing resource imported, and what the import may find different.
            ...(r.importId ? { importId: r.importId, ignoreChanges: r.ignoreChanges } : {}),
            inputs: withoutProviderCode(maskSecrets(r.inputs) as Record<string, unknown>),
        })),
        outputs,
        violations: verdicts,
    });
    if (summary) {
        writeText("summary.md", summary.markdown);
        // summary.md links to it: everything it references is inside the folder.
        writeText("access-matrix.md", renderAccessMatrix());
    }
    const documents: [string, string, string][] = [
        ["aws:iam/policy:Policy", "policy", "policies"],
        ["aws:iam/role:Role", "assumeRolePolicy", "trust-policies"],
        ["aws:organizations/policy:Policy", "content", "scp"],
    ];
    for (const r of resources) {
        for (const [type, field, folder] of documents) {
            const inputs = revealSecrets(r.inputs) as Record<string, unknown>;
            if (r.type === type && typeof inputs.name === "string" && typeof inputs[field] === "string") {
                write(path.join(folder, `${inputs.name}.json`), JSON.parse(inputs[field] as string));
            }
        }
    }
    return written;
}

/**
 * The review folder is written completely or not at all: into a fresh temporary
 * folder beside `out`, which then replaces `out`. An existing `out` is replaced
 * only when it is empty or an earlier review folder (it has a plan.json), so a
 * mistyped `--out .` cannot delete a checkout.
 */
export function startReviewFolder(out: string): string {
    try {
        if (fs.existsSync(out)) {
            if (!fs.statSync(out).isDirectory()) throw new PlanInputError(`--out ${out}: exists and is not a folder`);
            if (fs.readdirSync(out).length && !fs.existsSync(path.join(out, "plan.json")))
                throw new PlanInputError(
                    `--out ${out}: exists and is not an earlier review folder (no plan.json); choose a new or empty folder`,
                );
        }
        let ancestor = path.dirname(out);
        while (!fs.existsSync(ancestor)) ancestor = path.dirname(ancestor);
        if (!fs.statSync(ancestor).isDirectory()) throw new PlanInputError(`--out ${out}: ${ancestor} is a file, not a folder`);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        return fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.partial-`));
    } catch (error) {
        throw error instanceof PlanInputError ? error : fileError(`--out ${out}`, error);
    }
}

/** Puts the completed temporary folder in place of `out`; nothing of an earlier run remains. */
export function finishReviewFolder(temporary: string, out: string): void {
    const previous = `${temporary}.previous`;
    try {
        if (fs.existsSync(out)) fs.renameSync(out, previous);
        fs.renameSync(temporary, out);
    } catch (error) {
        if (!fs.existsSync(out) && fs.existsSync(previous)) fs.renameSync(previous, out);
        throw fileError(`--out ${out}`, error);
    }
    fs.rmSync(previous, { recursive: true, force: true });
}
