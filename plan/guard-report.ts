/**
 * The report before enforcing: runs the guard pack, started as the Pulumi CLI
 * starts it, over existing stacks' exported states (`pulumi stack export`),
 * and says per stack what a preview would block (mandatory) and what it would
 * only warn about (advisory). Read-only and offline: no AWS, no backend.
 *
 *   npm run guard-report -- [--policy-config FILE] [--pack DIR] [--json] EXPORT.json|DIR ...
 *
 * Every resource's inputs go through Analyze and its outputs through
 * AnalyzeStack, as a preview of the unchanged program would send them. A
 * secret the export holds encrypted (exported without --show-secrets) is
 * unknown to the pack, as a value unknown at preview is: that check waits, and
 * the report counts such values. No secret value is ever printed.
 */
import * as fs from "fs";
import * as path from "path";
import { parseUrn } from "../core/guard-exceptions";
import { isRecord } from "../core/values";
import { AnalyzerClient, AnalyzerResource, Diagnostic, PolicyConfig, UNKNOWN } from "./analyzer-client";
import { checkPackConfig, policyConfigFrom } from "./pack-config";
import { ensurePackBuilt } from "./pack-build";
import { PACK_DIR } from "./package-root";
import { PlanInputError, fileError } from "./review-folder";

const USAGE = "usage: npm run guard-report -- [--policy-config FILE] [--pack DIR] [--json] EXPORT.json|DIR ...";

/** Pulumi's marker for a secret in state (`pulumi stack export`). */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const SECRET_KEY = "1b47061264138c4ac30d75fd1eb44270";
/** Resources no policy sees as a resource of the program. */
const NOT_ANALYZED = [/^pulumi:pulumi:Stack$/, /^pulumi:providers:/];

export interface GuardReportOptions {
    files: string[];
    policyConfig: Record<string, PolicyConfig>;
    policyConfigSource: string;
    packDir: string;
    json: boolean;
}

/** One violation as a reader needs it: never a value, only the pack's message (its last line) and the resource. */
export interface ReportedViolation {
    policy: string;
    level: string;
    urn: string;
    message: string;
}

export interface StackReport {
    file: string;
    stack: string;
    project: string;
    resources: number;
    mandatory: number;
    advisory: number;
    /** Secret values the export holds encrypted: their checks wait for a real preview. */
    unreadableSecrets: number;
    violations: ReportedViolation[];
}

export function parseGuardReportArgs(argv: string[]): GuardReportOptions {
    const options: GuardReportOptions = {
        files: [],
        policyConfig: {},
        policyConfigSource: "the pack's defaults",
        packDir: PACK_DIR,
        json: false,
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") throw new PlanInputError(USAGE);
        if (arg === "--json") options.json = true;
        else if (arg === "--policy-config" || arg === "--pack") {
            const value = argv[++i];
            if (value === undefined || value.startsWith("--")) throw new PlanInputError(`${arg} needs a value\n${USAGE}`);
            if (arg === "--pack") options.packDir = path.resolve(value);
            else {
                let file: unknown;
                try {
                    file = JSON.parse(fs.readFileSync(value, "utf8"));
                } catch (error) {
                    throw fileError(`${arg} ${value}`, error);
                }
                const problems = checkPackConfig(file);
                if (problems.length) throw new PlanInputError(`${arg} ${value}:\n  ${problems.join("\n  ")}`);
                options.policyConfig = policyConfigFrom(file);
                options.policyConfigSource = value;
            }
        } else if (arg.startsWith("--")) throw new PlanInputError(`unknown argument "${arg}"\n${USAGE}`);
        else options.files.push(...exportFiles(arg));
    }
    if (options.files.length === 0) throw new PlanInputError(`name at least one exported state, or a folder of them\n${USAGE}`);
    return options;
}

/** A file, or the `.json` files of a folder, sorted. */
function exportFiles(target: string): string[] {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch (error) {
        throw fileError(target, error);
    }
    if (!stat.isDirectory()) return [target];
    const files = fs
        .readdirSync(target)
        .filter((name) => name.endsWith(".json"))
        .sort()
        .map((name) => path.join(target, name));
    if (files.length === 0) throw new PlanInputError(`${target}: holds no .json exported state`);
    return files;
}

/** State values as the engine hands them to a policy: secrets revealed when the export has them, else unknown. */
function revealed(value: unknown, secrets: { plaintext: string[]; unreadable: number }): unknown {
    if (Array.isArray(value)) return value.map((item) => revealed(item, secrets));
    if (!isRecord(value)) return value;
    if (value[SECRET_SIGNATURE] === SECRET_KEY) {
        if (typeof value.plaintext === "string") {
            const plain: unknown = JSON.parse(value.plaintext);
            collectStrings(plain, secrets.plaintext);
            return plain;
        }
        secrets.unreadable += 1;
        return UNKNOWN;
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revealed(inner, secrets)]));
}
function collectStrings(value: unknown, into: string[]): void {
    if (typeof value === "string" && value.length >= 4) into.push(value);
    else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
    else if (isRecord(value)) for (const item of Object.values(value)) collectStrings(item, into);
}

interface ExportedResource {
    urn: string;
    type: string;
    inputs?: unknown;
    outputs?: unknown;
    parent?: string;
    protect?: boolean;
    additionalSecretOutputs?: string[];
}

/** The resources of one `pulumi stack export` file, checked for the shape Pulumi writes. */
function readExport(file: string): ExportedResource[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw fileError(file, error);
    }
    const deployment = isRecord(parsed) ? parsed.deployment : undefined;
    const resources = isRecord(deployment) ? deployment.resources : undefined;
    if (!Array.isArray(resources))
        throw new PlanInputError(`${file}: not a \`pulumi stack export\` file (it has no deployment.resources list)`);
    return resources.filter(
        (r): r is ExportedResource => isRecord(r) && typeof r.urn === "string" && typeof r.type === "string",
    ) as ExportedResource[];
}

/** The last line of a pack message: the SDK puts the policy's description before it. */
const ownLine = (message: string) => message.split("\n").pop() ?? message;

/** Runs the pack over one exported stack, as a preview of its unchanged program would. */
async function reportStack(analyzer: AnalyzerClient, file: string, all: ExportedResource[]): Promise<StackReport> {
    const secrets = { plaintext: [] as string[], unreadable: 0 };
    const analyzed = all.filter((r) => !NOT_ANALYZED.some((pattern) => pattern.test(r.type)));
    const urn = parseUrn(all[0]?.urn ?? "");
    const toAnalyzer = (r: ExportedResource, properties: unknown): AnalyzerResource => ({
        type: r.type,
        name: parseUrn(r.urn)?.name ?? r.urn,
        urn: r.urn,
        properties: (revealed(properties ?? {}, secrets) as Record<string, unknown>) ?? {},
        protect: r.protect === true,
        parent: r.parent && !/::pulumi:pulumi:Stack::/.test(r.parent) ? r.parent : undefined,
        additionalSecretOutputs: r.additionalSecretOutputs,
    });
    const diagnostics: Diagnostic[] = [];
    for (const r of analyzed) {
        for (const d of await analyzer.analyze(toAnalyzer(r, r.inputs))) diagnostics.push({ ...d, urn: d.urn || r.urn });
    }
    diagnostics.push(...(await analyzer.analyzeStack(analyzed.map((r) => toAnalyzer(r, r.outputs)))));
    // Defence in depth: the pack never echoes a value, and a secret's text never leaves this report either way.
    const scrub = (text: string) => secrets.plaintext.reduce((out, secret) => out.split(secret).join("[secret]"), text);
    const violations = diagnostics.map((d) => ({
        policy: d.policyName,
        level: d.enforcementLevel,
        urn: d.urn,
        message: scrub(ownLine(d.message)),
    }));
    return {
        file,
        stack: urn?.stack ?? "(empty)",
        project: urn?.project ?? "(empty)",
        resources: analyzed.length,
        mandatory: violations.filter((v) => v.level === "mandatory").length,
        advisory: violations.filter((v) => v.level === "advisory").length,
        unreadableSecrets: secrets.unreadable,
        violations,
    };
}

/** Each stack through its own pack process, as each preview starts its own; every file is read first, so a bad one stops the report before any pack runs. */
export async function guardReport(options: GuardReportOptions): Promise<StackReport[]> {
    const exports = options.files.map((file) => [file, readExport(file)] as const);
    const reports: StackReport[] = [];
    for (const [file, resources] of exports) {
        const analyzer = await AnalyzerClient.start(options.packDir);
        try {
            await analyzer.configure(options.policyConfig);
            reports.push(await reportStack(analyzer, file, resources));
        } finally {
            await analyzer.stop();
        }
    }
    return reports;
}

/** The report as a table per stack, then each violation. */
export function renderGuardReport(reports: StackReport[], policyConfigSource: string): string {
    const lines = [
        `Guard report: the pack over ${reports.length} exported stack(s), policy config: ${policyConfigSource}. Offline; no AWS or backend call.`,
        "",
        "| stack | resources | would block (mandatory) | would warn (advisory) | encrypted secrets not judged |",
        "| --- | --- | --- | --- | --- |",
        ...reports.map((r) => `| ${r.project}/${r.stack} | ${r.resources} | ${r.mandatory} | ${r.advisory} | ${r.unreadableSecrets} |`),
    ];
    for (const report of reports) {
        if (report.violations.length === 0) continue;
        lines.push("", `${report.project}/${report.stack} (${report.file}):`);
        for (const v of report.violations)
            lines.push(`  ${v.level === "mandatory" ? "✖" : "!"} [${v.level}] ${v.policy}: ${v.urn}`, `      ${v.message}`);
    }
    const blocked = reports.filter((r) => r.mandatory > 0).length;
    lines.push(
        "",
        blocked
            ? `${blocked} of ${reports.length} stack(s) would fail a preview with this config.`
            : `No stack would fail a preview with this config.`,
    );
    if (reports.some((r) => r.unreadableSecrets > 0))
        lines.push(
            "Encrypted secrets were not judged: export with `pulumi stack export --show-secrets` to include them (the report never prints them).",
        );
    return lines.join("\n");
}

/** The command: 0 when no stack would be blocked, 1 when one would, 2 when the report could not run. */
export async function runGuardReport(argv: string[], print: (line: string) => void = console.log): Promise<number> {
    let options: GuardReportOptions;
    try {
        options = parseGuardReportArgs(argv);
    } catch (error) {
        print(`guard-report: ${(error as Error).message}`);
        return 2;
    }
    try {
        if (options.packDir === PACK_DIR) ensurePackBuilt(() => undefined);
        const reports = await guardReport(options);
        print(options.json ? JSON.stringify(reports, null, 2) : renderGuardReport(reports, options.policyConfigSource));
        return reports.some((r) => r.mandatory > 0) ? 1 : 0;
    } catch (error) {
        print(`guard-report: ${error instanceof PlanInputError ? error.message : `could not run the pack: ${(error as Error).message}`}`);
        return 2;
    }
}

if (require.main === module) {
    runGuardReport(process.argv.slice(2)).then((code) => process.exit(code));
}
