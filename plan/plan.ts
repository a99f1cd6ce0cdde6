/**
 * `npm run plan`: the project's main job, offline. It runs the real program
 * `index.ts` on Pulumi's in-process mock engine (no AWS calls, no state, no
 * credentials), prints the resource tree, feeds every planned resource through
 * the real guard pack over the analyzer protocol, prints each policy's verdict,
 * and exits 1 when a mandatory policy is violated.
 *
 *   npm run plan -- [PROGRAM-DIR] [--config FILE] [--policy-config FILE] [--guardrail FILE] [--audit FILE] [--out DIR]
 *
 * The package's bin runs the same plan, compiled, on a program of one's own
 * (`redis-cloud-byoc-aws plan [PROGRAM-DIR]`, default the current folder): see
 * docs/plan-your-program.md.
 *
 * `--guardrail FILE` (RedisManagedGuardrail args as JSON) adds the SCP backstop
 * to the plan, as it would be deployed from the Organizations management account.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import { RedisManagedGuardrail, RedisManagedGuardrailArgs, validateRedisManagedGuardrailArgs } from "../components/redis-managed-guardrail";
import { REDIS_MANAGED_GUARDRAIL_TYPE } from "../core/type-tokens";
import { guardrailSizeReport } from "../core/guardrail-policy";
import { REDIS_DOCUMENTS_REVISION } from "../core/redis-documents";
import { REDIS_CLOUD_ENV } from "../core/redis-cloud-api";
import { PROJECT_CONFIG_NAMESPACE, checkStackConfigObject } from "../components/stack-config";
import { AnalyzerClient, Diagnostic, PolicyConfig, PolicyInfo, toAnalyzerResource, toAnalyzerStackResource } from "./analyzer-client";
import { RegisteredResource, loadFresh, runOnMockEngine, stackOutputs } from "./mock-engine";
import { checkPackConfig, policyConfigFrom } from "./pack-config";
import { ensurePackBuilt } from "./pack-build";
import { Provenance, Verdict, renderSummary } from "./summary";
import { PlanInputError, fileError, finishReviewFolder, startReviewFolder, writeArtifacts } from "./review-folder";
import { PACKAGE_ROOT, PACK_DIR } from "./package-root";

const ROOT = PACKAGE_ROOT;
const FLAGS_USAGE = "[--stack NAME] [--config FILE] [--policy-config FILE] [--guardrail FILE] [--audit FILE] [--out DIR]";
const USAGE = [
    `usage: redis-cloud-byoc-aws plan [PROGRAM-DIR] ${FLAGS_USAGE}   (PROGRAM-DIR: default the current folder)`,
    `       npm run plan -- [PROGRAM-DIR] ${FLAGS_USAGE}   (in this repository; default its index.ts)`,
].join("\n");

interface PlanOptions {
    config: Record<string, unknown>;
    configSource: string;
    policyConfig: Record<string, PolicyConfig>;
    /** The policy-group config file as given, for the summary. */
    policyConfigFile: { source: string; value: unknown };
    /** RedisManagedGuardrail args, when the plan includes the SCP backstop. */
    guardrail?: RedisManagedGuardrailArgs;
    guardrailSource?: string;
    /** Each guardrail SCP's size against AWS's limit, and the free places every target needs. */
    guardrailSizes?: string[];
    /** Warnings about valid but doubtful input, printed before the plan. */
    warnings: string[];
    /** A Pulumi TypeScript program of one's own that uses the component (its entry point); default this project's index.ts. */
    program?: string;
    /** That program's Pulumi project name (Pulumi.yaml `name`): the namespace its config keys are read under. */
    project?: string;
    /** An audit of the account (`audit --json`), for an adoption review. */
    audit?: { source: string; report: AuditInput };
    /** The command that made the plan, for the summary. */
    command: string;
    /** Config keys that are secrets in the stack file (placeholders stand in for their values). */
    secretConfig?: string[];
    out?: string;
}

/** What the plan reads of `redis-cloud-byoc-aws audit --json`. */
export interface AuditInput {
    account: string;
    findings: { code: string; severity: string; resource: string; message: string; command?: string; removedByPulumiUp?: boolean }[];
}

function checkAuditFile(file: string, value: unknown): AuditInput {
    const problem = (what: string) =>
        new PlanInputError(`--audit ${file}: ${what}; give the output of \`redis-cloud-byoc-aws audit --json\``);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw problem("must be a JSON object");
    if (Array.isArray((value as Record<string, unknown>).accounts))
        throw problem("holds several accounts' audits; give one account's (audit --json with one target, or one entry of \"accounts\")");
    const { account, findings } = value as Record<string, unknown>;
    if (typeof account !== "string" || !/^\d{12}$/.test(account)) throw problem('"account" must be a 12-digit AWS account ID');
    if (!Array.isArray(findings)) throw problem('"findings" must be a list');
    findings.forEach((finding, index) => {
        const f = finding as Record<string, unknown>;
        for (const field of ["code", "severity", "resource", "message"]) {
            if (typeof f?.[field] !== "string") throw problem(`findings[${index}].${field} must be a string`);
        }
        if (f.command !== undefined && typeof f.command !== "string") throw problem(`findings[${index}].command must be a string`);
        if (f.removedByPulumiUp !== undefined && typeof f.removedByPulumiUp !== "boolean")
            throw problem(`findings[${index}].removedByPulumiUp must be true or false`);
    });
    return { account, findings: findings as AuditInput["findings"] };
}

function readJsonFile(flag: string, file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw fileError(`${flag} ${file}`, error);
    }
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new PlanInputError(`${flag} ${file}: not valid JSON (${(error as Error).message.split("\n")[0]})`);
    }
}

/** The AWS provider's config keys the plan reads itself (the deployment context); the program never sees them as its own. */
const PROVIDER_NAMESPACE = "aws:";

/**
 * `aws:allowedAccountIds`, as a stack file holds it (a list, or its JSON text):
 * the accounts the AWS provider will deploy to. Undefined when unset.
 */
export function allowedAccountIds(config: Record<string, unknown>): string[] | undefined {
    const key = "aws:allowedAccountIds";
    let value = config[key];
    if (value === undefined) return undefined;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch {
            // Reported below, by what is allowed.
        }
    }
    if (!Array.isArray(value) || value.length === 0 || !value.every((id) => typeof id === "string" && /^\d{12}$/.test(id)))
        throw new PlanInputError(`config key "${key}" must be a list of 12-digit AWS account IDs, such as ["123456789012"]`);
    return value as string[];
}

/**
 * The --config object checked for the program it is for. This project's
 * program reads the keys docs/deploy.md lists (checked by name and type), plus
 * the AWS provider's `aws:` keys. A program of one's own reads keys of its own,
 * which the plan cannot know: they are passed under its project's namespace
 * unchecked; a key with a namespace (`aws:region`) is passed as written.
 */
function checkConfig(label: string, config: unknown, ownProgram: boolean): Record<string, unknown> {
    if (typeof config !== "object" || config === null || Array.isArray(config))
        throw new PlanInputError(`${label}: must be a JSON object whose keys are stack config keys`);
    const values = config as Record<string, unknown>;
    if (ownProgram) {
        const projectKeys = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith(PROVIDER_NAMESPACE)));
        const errors = checkStackConfigObject(projectKeys);
        if (errors.length) throw new PlanInputError(`${label}:\n  ${errors.join("\n  ")}`);
    }
    try {
        allowedAccountIds(values);
    } catch (error) {
        throw new PlanInputError(`${label}: ${(error as Error).message}`);
    }
    return values;
}

/**
 * A stack's config from its stack file, `Pulumi.<stack>.yaml` in the program's
 * folder: the project's own keys without their namespace, other namespaces
 * (`aws:`) as written. A `secure:` value cannot be read offline: a placeholder
 * stands in, set as a secret, and the plan says so.
 */
function readStackFile(folder: string, stack: string, options: PlanOptions): { source: string; config: Record<string, unknown> } {
    const file = path.join(folder, `Pulumi.${stack}.yaml`);
    const config = (readYamlFile(`--stack ${stack}: ${file}`, file) as { config?: unknown } | null)?.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config))
        throw new PlanInputError(`--stack ${stack}: ${file}: "config" must be a mapping of config keys`);
    const project = options.project ?? PROJECT_CONFIG_NAMESPACE;
    const values: Record<string, unknown> = {};
    const secure: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        const bare = key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
        const isSecure = typeof value === "object" && value !== null && "secure" in value;
        if (isSecure) secure.push(bare);
        values[bare] = isSecure ? "plan-placeholder-secret" : value;
    }
    options.secretConfig = secure;
    if (secure.length)
        options.warnings.push(
            `${file}: ${secure.join(", ")} ${secure.length === 1 ? "is a secret" : "are secrets"} the offline plan cannot decrypt; a placeholder stands in`,
        );
    return { source: file, config: values };
}

/** A YAML file (a project or stack file), parsed; `what` names it in an error. */
function readYamlFile(what: string, file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw fileError(what, error);
    }
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- js-yaml ships no types; the plan needs only load()
        return (require("js-yaml") as { load(text: string): unknown }).load(text);
    } catch (error) {
        throw new PlanInputError(`${what}: not valid YAML (${(error as Error).message.split("\n")[0]})`);
    }
}

/** A program folder's Pulumi.yaml (or .yml), or undefined when it has none. */
const projectFile = (folder: string) =>
    ["Pulumi.yaml", "Pulumi.yml"].map((name) => path.join(folder, name)).find((candidate) => fs.existsSync(candidate));

/** The Pulumi project name of a program's folder (Pulumi.yaml `name`), the namespace of its config. */
function projectName(folder: string): string {
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory())
        throw new PlanInputError(`${folder}: not a folder holding a Pulumi program`);
    const file = projectFile(folder);
    if (!file) throw new PlanInputError(`${folder}: no Pulumi.yaml, so not a Pulumi program's folder`);
    const name = (readYamlFile(file, file) as { name?: unknown } | null)?.name;
    if (typeof name !== "string" || name === "") throw new PlanInputError(`${file}: has no top-level "name:", the project's name`);
    return name;
}

/**
 * `redis-cloud-byoc-aws plan`: the package's bin. The program is PROGRAM-DIR,
 * default `defaultProgramDir` (the bin's current folder); `npm run plan` gives
 * none and so plans this project's index.ts.
 */
export function parseArgs(argv: string[], defaultProgramDir?: string): PlanOptions {
    const options: PlanOptions = {
        config: {},
        configSource: "defaults (no --config)",
        policyConfig: {},
        policyConfigFile: { source: "the pack's defaults (no --policy-config)", value: {} },
        warnings: [],
        command: defaultProgramDir === undefined ? "npm run plan" : "redis-cloud-byoc-aws plan",
    };
    let rawConfig: unknown;
    let configFile: string | undefined;
    let stack: string | undefined;
    let programDir: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (flag === "--help" || flag === "-h") {
            console.log(USAGE);
            process.exit(0);
        }
        if (!flag.startsWith("-") && programDir === undefined) {
            programDir = flag;
            continue;
        }
        if (!["--stack", "--config", "--policy-config", "--guardrail", "--audit", "--out"].includes(flag))
            throw new PlanInputError(`unknown argument "${flag}"\n${USAGE}`);
        if (value === undefined || value.startsWith("--")) throw new PlanInputError(`${flag} needs a value\n${USAGE}`);
        i++;
        if (flag === "--out") options.out = path.resolve(value);
        if (flag === "--audit") options.audit = { source: value, report: checkAuditFile(value, readJsonFile(flag, value)) };
        if (flag === "--guardrail") {
            options.guardrail = readJsonFile(flag, value) as RedisManagedGuardrailArgs;
            options.guardrailSource = value;
            const { warnings, sizes } = checkGuardrailArgs(value, options.guardrail);
            options.warnings.push(...warnings);
            options.guardrailSizes = sizes;
        }
        if (flag === "--policy-config") {
            const file = readJsonFile(flag, value);
            const problems = checkPackConfig(file);
            if (problems.length) throw new PlanInputError(`${flag} ${value}:\n  ${problems.join("\n  ")}`);
            options.policyConfig = policyConfigFrom(file);
            options.policyConfigFile = { source: value, value: file };
        }
        if (flag === "--config") {
            rawConfig = readJsonFile(flag, value);
            configFile = value;
        }
        if (flag === "--stack") {
            if (!/^[\w.-]{1,100}$/.test(value))
                throw new PlanInputError(`--stack must be a stack name such as dev, not "${value.slice(0, 40)}"`);
            stack = value;
        }
    }
    programDir ??= defaultProgramDir;
    if (programDir !== undefined) {
        options.project = projectName(path.resolve(programDir));
        options.program = programEntry(programDir);
    }
    // Read once the program is known: its folder holds the stack file, and its keys are this project's or its own.
    const fromStack =
        stack === undefined ? undefined : readStackFile(programDir === undefined ? ROOT : path.resolve(programDir), stack, options);
    if (fromStack || rawConfig !== undefined) {
        const given = rawConfig === undefined ? {} : rawConfig;
        if (typeof given !== "object" || given === null || Array.isArray(given))
            throw new PlanInputError(`--config ${configFile}: must be a JSON object whose keys are stack config keys`);
        options.configSource = [fromStack?.source, configFile].filter((source) => source !== undefined).join(", then ");
        const label = [fromStack ? `--stack ${stack} (${fromStack.source})` : undefined, configFile ? `--config ${configFile}` : undefined]
            .filter((part) => part !== undefined)
            .join(" with ");
        // --config's keys win over the stack file's, as a last word for what-if plans.
        options.config = checkConfig(label, { ...fromStack?.config, ...given }, options.program === undefined);
    }
    return options;
}

/** A program folder's entry point: its package.json `main`, else index.ts. */
function programEntry(dir: string): string {
    const folder = path.resolve(dir);
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory())
        throw new PlanInputError(`${dir}: not a folder holding a Pulumi program`);
    let main = "index.ts";
    const manifest = path.join(folder, "package.json");
    if (fs.existsSync(manifest)) {
        const value = (readJsonFile("the program's package.json", manifest) as { main?: unknown }).main;
        if (typeof value === "string") main = value;
    }
    const entry = path.join(folder, main);
    if (!fs.existsSync(entry)) throw new PlanInputError(`${dir}: its entry point ${main} does not exist`);
    return entry;
}

/** Where a program's folder resolves a module from, or undefined when it cannot. */
function resolveFrom(folder: string, request: string): string | undefined {
    try {
        return fs.realpathSync(require.resolve(request, { paths: [folder] }));
    } catch {
        return undefined;
    }
}

/**
 * The program must load the very @pulumi/pulumi whose mock engine the plan
 * sets up, or its resources never reach the plan: so the plan runs from the
 * redis-cloud-byoc-aws installed beside the program (`npx` in its folder).
 */
function checkSameSdk(folder: string): void {
    const programSdk = resolveFrom(folder, "@pulumi/pulumi/package.json");
    const planSdk = fs.realpathSync(require.resolve("@pulumi/pulumi/package.json"));
    if (!programSdk) throw new PlanInputError(`${folder}: the program cannot load @pulumi/pulumi; run \`npm install\` in its folder first`);
    if (programSdk !== planSdk)
        throw new PlanInputError(
            `${folder}: the program loads @pulumi/pulumi from ${path.dirname(programSdk)}, but this plan runs the mock engine of ${path.dirname(planSdk)}, so none of its resources would reach the plan. Run the plan installed beside the program: \`npm install --save-dev redis-cloud-byoc-aws\` there, then \`npx redis-cloud-byoc-aws plan\` in its folder`,
        );
}

/**
 * Compiles the program's TypeScript as `pulumi up` picks a compiler: the
 * program's own ts-node and typescript when it has them, else the ones
 * @pulumi/pulumi vendors; its tsconfig.json when it has one. Transpiled only:
 * the plan reads what the program registers; `tsc --noEmit` type-checks it.
 * Under `npm run plan` this project's ts-node is registered already.
 */
function registerTypeScript(folder: string, entry: string): void {
    if (!entry.endsWith(".ts") || require.extensions[".ts"]) return;
    const sdk = path.dirname(resolveFrom(folder, "@pulumi/pulumi/package.json") ?? require.resolve("@pulumi/pulumi/package.json"));
    const tsNode = resolveFrom(folder, "ts-node") ?? path.join(sdk, "vendor", "ts-node@7.0.1");
    const compiler = resolveFrom(folder, "typescript") ?? path.join(sdk, "vendor", "typescript@3.8.3", "typescript.js");
    const tsconfig = path.join(folder, "tsconfig.json");
    const hasTsconfig = fs.existsSync(tsconfig);
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program's own compiler, found at run time
        (require(tsNode) as { register(options: Record<string, unknown>): void }).register({
            transpileOnly: true,
            compiler,
            ...(hasTsconfig ? { project: tsconfig } : { skipProject: true, compilerOptions: { target: "ES2020", module: "commonjs" } }),
        });
    } catch (error) {
        throw compileError(folder, error);
    }
}

/** A TypeScript error of the program (TSError), as one clear input error; anything else unchanged. */
function compileError(folder: string, error: unknown): unknown {
    if ((error as Error)?.name !== "TSError") return error;
    const detail = (error as Error).message
        .replace(/^⨯ Unable to compile TypeScript:\s*/, "")
        .split("\n")
        .slice(0, 3)
        .join("; ");
    const own = resolveFrom(folder, "typescript") !== undefined;
    return new PlanInputError(
        `${folder}: the program's TypeScript does not compile (${detail})${own ? "" : `; it has no typescript of its own, so the one @pulumi/pulumi vendors (3.8) was used, as \`pulumi up\` would: \`npm install --save-dev typescript ts-node\` there`}`,
    );
}

/**
 * Loads a program of one's own. Its `redis-cloud-byoc-aws` is the one it has
 * installed; when it has none (a program inside this checkout, such as
 * examples/consumer-ts), this package's own components stand in, and the plan says so.
 */
function loadProgram(entry: string, note: (text: string) => void): Record<string, unknown> {
    type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;
    const moduleApi = Module as unknown as { _resolveFilename: Resolve };
    const original = moduleApi._resolveFilename;
    // components/index.ts from source, dist/components/index.js installed.
    const ownComponents = require.resolve(path.join(__dirname, "..", "components"));
    let substituted = false;
    moduleApi._resolveFilename = function (request, parent, ...rest) {
        try {
            return original.call(this, request, parent, ...rest);
        } catch (error) {
            if (request !== "redis-cloud-byoc-aws") throw error;
            substituted = true;
            return ownComponents;
        }
    };
    try {
        return loadFresh(entry);
    } finally {
        moduleApi._resolveFilename = original;
        if (substituted)
            note("redis-cloud-byoc-aws is not installed beside the program: it was planned with this package's own components.");
    }
}

/** The guardrail args checked as the component checks them, before anything runs: its warnings, and its SCPs' sizes against AWS's limits. */
function checkGuardrailArgs(file: string, args: unknown): { warnings: string[]; sizes: string[] } {
    if (typeof args !== "object" || args === null || Array.isArray(args))
        throw new PlanInputError(`--guardrail ${file}: must be a JSON object of RedisManagedGuardrail args`);
    try {
        const checked = validateRedisManagedGuardrailArgs(args as RedisManagedGuardrailArgs);
        return { warnings: checked.warnings, sizes: guardrailSizeReport(checked.documents) };
    } catch (error) {
        throw new PlanInputError(`--guardrail ${file}: ${(error as Error).message}`);
    }
}

/** The resource tree, children indented under their parent, as `pulumi preview` lists it. */
function renderTree(resources: RegisteredResource[]): string[] {
    const children = new Map<string, RegisteredResource[]>();
    for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const lines: string[] = [];
    const visit = (parent: string, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            const physicalName = typeof r.inputs.name === "string" ? `  (${r.inputs.name})` : "";
            const imported = r.importId ? `  [import ${r.importId}]` : "";
            lines.push(
                `  ${r.importId ? "=" : "+"} ${"  ".repeat(depth)}${r.type}  ${r.name}${physicalName}${r.protect ? "  [protect]" : ""}${imported}`,
            );
            visit(r.urn, depth + 1);
        }
    };
    visit("", 0);
    return lines;
}

/** The backend a program's Pulumi.yaml names (`backend:` then `url:`), if it names one. */
function projectBackend(folder: string): string | undefined {
    const file = projectFile(folder);
    const url = file ? (readYamlFile(file, file) as { backend?: { url?: unknown } } | null)?.backend?.url : undefined;
    return typeof url === "string" ? url : undefined;
}

/** The accounts the plan's resources adopt, read from their import IDs (ARNs name the account). */
const importedAccounts = (resources: RegisteredResource[]) => [
    ...new Set(resources.flatMap((r) => /^arn:aws[\w-]*:iam::(\d{12}):/.exec(r.importId)?.[1] ?? [])),
];

/**
 * Where the plan would be deployed and where its secrets would live, as far as
 * the plan's input says: the target account from the stack's
 * `aws:allowedAccountIds`, else from what the component adopts, else from the
 * audit; the backend from the program's Pulumi.yaml.
 */
export function deploymentContext(
    options: Pick<PlanOptions, "config" | "audit" | "program">,
    resources: RegisteredResource[] = [],
): string[] {
    const config = options.config;
    const pinned = allowedAccountIds(config);
    const adopted =
        typeof config.adoptAccountId === "string" ? [config.adoptAccountId] : importedAccounts(resources.filter((r) => r.importId));
    const ids = (list: string[]) => list.map(code).join(", ");
    let account: string;
    if (pinned) {
        account = `${ids(pinned)} (from aws:allowedAccountIds: the AWS provider refuses any other account)`;
        const others = [...adopted, ...(options.audit ? [options.audit.report.account] : [])].filter((id) => !pinned.includes(id));
        if (others.length) account += `. **Warning**: the plan also names ${ids([...new Set(others)])}, which is not among them`;
    } else if (adopted.length) {
        account = `${ids(adopted)} (from ${typeof config.adoptAccountId === "string" ? "adoptAccountId" : "the resources the program adopts"}); pin it with \`pulumi config set --path 'aws:allowedAccountIds[0]' ${adopted[0]}\``;
    } else if (options.audit) {
        account = `${code(options.audit.report.account)} (from the audit, ${options.audit.source}); pin it with \`pulumi config set --path 'aws:allowedAccountIds[0]' ${options.audit.report.account}\``;
    } else {
        account =
            "not known offline: pin it in the stack with `pulumi config set --path 'aws:allowedAccountIds[0]' <account ID>`, so that the AWS provider refuses any other account";
    }
    const backend = options.program ? projectBackend(path.dirname(options.program)) : projectBackend(ROOT);
    // Read from what is planned, so that a program of one's own, configured in code, is described the same.
    const planned = (type: string) => resources.filter((r) => r.type === type);
    const pgp = typeof config.pgpKey === "string" || planned("aws:iam/accessKey:AccessKey").some((r) => r.inputs.pgpKey !== undefined);
    const consoleLogin =
        config.consoleLogin === true || config.consoleLogin === "true" || planned("aws:iam/userLoginProfile:UserLoginProfile").length > 0;
    const secrets = [
        pgp
            ? "the secret access key exists only PGP-encrypted (pgpKey): the state holds the ciphertext, and only the key's owner can read it"
            : "the secret access key is in the stack's state, encrypted by the stack's secrets provider: whoever can read the stack's state and use its secrets provider (for Pulumi Cloud, the stack's readers; for a self-managed backend, the bucket's readers with the passphrase or KMS key) can read it, and so can `pulumi stack output --show-secrets`",
        ...(consoleLogin
            ? [
                  pgp
                      ? "the console password likewise exists only PGP-encrypted"
                      : "the console password (consoleLogin) is a secret in the state the same way",
              ]
            : []),
    ];
    return [
        `- Target AWS account: ${account}.`,
        backend
            ? `- State backend: ${code(backend)} (from the program's Pulumi.yaml).`
            : "- State backend: not known offline (the plan reads no state); it is the backend of the stack you deploy with (`pulumi whoami -v` names it).",
        ...secrets.map((line) => `- Where the secret lives: ${line}.`),
    ];
}
const code = (text: string) => `\`${text}\``;

/** The guard pack's diagnostics tied to the resource each is about (the engine leaves Analyze's URN empty). */
export function verdictsFor(
    analyzed: [RegisteredResource, Diagnostic[]][],
    stack: Diagnostic[],
    resources: RegisteredResource[],
): Verdict[] {
    const describe = (r: RegisteredResource | undefined) => (r ? { type: r.type, name: r.name, urn: r.urn } : null);
    const verdict = (d: Diagnostic, r: RegisteredResource | undefined): Verdict => ({
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel,
        resource: describe(r),
        message: d.message,
    });
    return [
        ...analyzed.flatMap(([r, found]) => found.map((d) => verdict(d, r))),
        ...stack.map((d) =>
            verdict(
                d,
                resources.find((r) => r.urn === d.urn),
            ),
        ),
    ];
}

/** One line of the terminal report: the resource by type, name and URN, then the message's last line. */
export const describeVerdict = (v: Verdict) =>
    `[${v.enforcementLevel}] ${v.resource ? `${v.resource.type} "${v.resource.name}" (${v.resource.urn})` : "the stack"}: ${v.message.split("\n").pop()}`;

/** A path as the user gave it: relative to the current folder when inside it. */
const shownPath = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
};

/** Package, pack and SDK versions, and the git commit of the checkout when there is one. */
function provenanceOf(options: PlanOptions, packVersion: string): Provenance {
    // The versions the program runs with: resolved from its folder (this package's for this project's index.ts).
    const programDir = options.program ? path.dirname(options.program) : ROOT;
    const versionOf = (pkg: string) => {
        try {
            const manifest = require.resolve(`${pkg}/package.json`, { paths: [programDir, ROOT] });
            return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
        } catch {
            return "not installed";
        }
    };
    // The commit of the program's repository, which is what the reviewer approves.
    const git = (...args: string[]) => spawnSync("git", args, { cwd: programDir, encoding: "utf8" });
    const head = git("rev-parse", "HEAD");
    return {
        generatedAt: new Date().toISOString(),
        command: options.command,
        ...(options.program ? { program: shownPath(options.program) } : {}),
        config: { source: options.configSource, value: options.config },
        policyConfig: options.policyConfigFile,
        guardrail: options.guardrail
            ? { source: options.guardrailSource ?? "", value: options.guardrail, sizes: options.guardrailSizes ?? [] }
            : null,
        versions: {
            "redis-cloud-byoc-aws": (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version,
            "redis-cloud-byoc-guard (pack)": packVersion,
            "Redis documents revision": REDIS_DOCUMENTS_REVISION,
            "@pulumi/pulumi": versionOf("@pulumi/pulumi"),
            "@pulumi/aws": versionOf("@pulumi/aws"),
            "@pulumi/policy": versionOf("@pulumi/policy"),
            node: process.version,
        },
        gitCommit:
            head.status === 0
                ? { commit: head.stdout.trim(), dirty: git("status", "--porcelain", "--untracked-files=no").stdout.trim() !== "" }
                : null,
    };
}

export async function plan(options: PlanOptions): Promise<number> {
    // Checked first, so that a bad --out fails before the run, not after it.
    const temporary = options.out ? startReviewFolder(options.out) : undefined;
    try {
        return await planInto(options, temporary);
    } finally {
        if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
    }
}

/** Placeholder API keys for the mock run, for each of Redis Cloud's variables that is unset while the config registers. */
function planApiKeyPlaceholders(config: Record<string, unknown>): Record<string, string> {
    if (config.registerCloudAccount !== true) return {};
    const placeholders: Record<string, string> = {};
    if (config.redisCloudAccessKey === undefined && !process.env[REDIS_CLOUD_ENV.accessKey])
        placeholders[REDIS_CLOUD_ENV.accessKey] = "plan-placeholder";
    if (config.redisCloudSecretKey === undefined && !process.env[REDIS_CLOUD_ENV.secretKey])
        placeholders[REDIS_CLOUD_ENV.secretKey] = "plan-placeholder";
    return placeholders;
}

async function planInto(options: PlanOptions, temporary: string | undefined): Promise<number> {
    const program = options.program ?? path.join(ROOT, "index.ts");
    console.log(`Offline plan: NOT a \`pulumi preview\`. It runs ${shownPath(program)} on Pulumi's in-process mock engine;`);
    console.log("no AWS calls are made, no state is read, no credentials are needed. IDs and ARNs shown are placeholders.\n");
    console.log(`Stack config: ${options.configSource}`);
    for (const warning of options.warnings) console.log(`warning: ${warning}`);
    if (options.guardrailSizes) for (const line of options.guardrailSizes) console.log(`guardrail: ${line}`);

    let resources: RegisteredResource[];
    let outputs: Record<string, unknown>;
    // The offline plan calls no API: with registration on and no API keys in the environment, placeholders stand in.
    const placeholders = planApiKeyPlaceholders(options.config);
    for (const name of Object.keys(placeholders))
        console.log(`note: ${name} is not set; the offline plan uses a placeholder (it calls no API)`);
    if (options.program) {
        checkSameSdk(path.dirname(options.program));
        registerTypeScript(path.dirname(options.program), options.program);
    }
    const savedEnv = Object.fromEntries(Object.keys(placeholders).map((name) => [name, process.env[name]]));
    Object.assign(process.env, placeholders);
    // Under mocks a component's pulumi.log.warn goes to console.warn as "warning: [runtime] ...": one the plan
    // already printed above (the guardrail's, checked before the run) is not printed a second time.
    const consoleWarn = console.warn;
    console.warn = (...parts: unknown[]) => {
        const text = parts.join(" ");
        const runtime = /^warning: \[runtime\] ([\s\S]*)$/.exec(text);
        if (!runtime || !options.warnings.includes(runtime[1])) consoleWarn(...parts);
    };
    try {
        const run = await runOnMockEngine(
            () => {
                const exports = options.program ? loadProgram(options.program, (text) => console.log(`note: ${text}`)) : loadFresh(program);
                if (options.guardrail) new RedisManagedGuardrail("redis-guardrail", options.guardrail);
                return exports;
            },
            { config: options.config, secretConfig: options.secretConfig, ...(options.project ? { project: options.project } : {}) },
        );
        resources = run.resources;
        outputs = await stackOutputs(run.result);
    } catch (error) {
        const compile = options.program ? compileError(path.dirname(options.program), error) : error;
        if (compile instanceof PlanInputError) throw compile;
        throw new PlanInputError(`the program rejected its config: ${(error as Error).message}`);
    } finally {
        for (const [name, value] of Object.entries(savedEnv)) if (value === undefined) delete process.env[name];
        console.warn = consoleWarn;
    }
    const tree = renderTree(resources);
    const imports = resources.filter((r) => r.importId).length;
    console.log(`\nResources (${resources.length}${imports ? `; ${imports} adopted with Pulumi's import option, marked =` : ""}):`);
    for (const line of tree) console.log(line);
    console.log(`\nOutputs (placeholders; secrets masked):`);
    for (const [name, value] of Object.entries(outputs)) console.log(`  ${name}: ${JSON.stringify(value)}`);

    ensurePackBuilt((line) => console.log(`\n${line}`));
    const analyzer = await AnalyzerClient.start(PACK_DIR);
    let verdicts: Verdict[];
    let policies: PolicyInfo[];
    let packVersion: string;
    try {
        const info = await analyzer.getAnalyzerInfo();
        policies = info.policies;
        packVersion = info.version;
        await analyzer.configure(options.policyConfig);
        const planned = resources.map(toAnalyzerResource);
        const analyzed = await Promise.all(
            resources.map(async (r, i) => [r, await analyzer.analyze(planned[i])] as [RegisteredResource, Diagnostic[]]),
        );
        verdicts = verdictsFor(analyzed, await analyzer.analyzeStack(resources.map(toAnalyzerStackResource)), resources);
        console.log(`\nPolicies: ${info.name}@${info.version}, over the analyzer protocol`);
    } finally {
        await analyzer.stop();
    }
    for (const { name } of policies) {
        const found = verdicts.filter((v) => v.policy === name);
        console.log(`  ${found.length ? "✖" : "✔"} ${name}: ${found.length ? `${found.length} violation(s)` : "pass"}`);
        for (const v of found) console.log(`      ${describeVerdict(v)}`);
    }

    if (options.out && temporary) {
        const provenance = provenanceOf(options, packVersion);
        const enforcement = Object.fromEntries(
            policies.map((p) => [p.name, options.policyConfig[p.name]?.enforcementLevel ?? p.enforcementLevel]),
        );
        // Deployed from different accounts: the member account's stack, and the management account's for the guardrail.
        const fromManagement = (r: RegisteredResource) => r.urn.includes(REDIS_MANAGED_GUARDRAIL_TYPE);
        const member = resources.filter((r) => !fromManagement(r));
        const management = resources.filter(fromManagement);
        const trees = [
            {
                title: "Deployed in the target (member) account, by the stack of RedisCloudIam",
                lines: renderTree(member),
                resources: member,
            },
            ...(options.guardrail
                ? [
                      {
                          title: "Deployed from the organisation's management account (or delegated administrator), by the stack of RedisManagedGuardrail",
                          lines: renderTree(management),
                          resources: management,
                      },
                  ]
                : []),
        ];
        const markdown = renderSummary({
            provenance,
            trees,
            context: deploymentContext(options, resources),
            audit: options.audit,
            resources,
            policies: policies.map((p) => p.name),
            enforcement,
            verdicts,
            tree,
            warnings: options.warnings,
        });
        let written: string[];
        try {
            written = writeArtifacts(temporary, resources, verdicts, outputs, { provenance, markdown });
        } catch (error) {
            throw fileError(`--out ${options.out}`, error);
        }
        finishReviewFolder(temporary, options.out);
        console.log(`\nWrote ${written.length} review artifacts to ${options.out}:`);
        for (const file of written) console.log(`  ${file}`);
    }
    const mandatory = verdicts.filter((d) => d.enforcementLevel === "mandatory").length;
    console.log(mandatory ? `\n${mandatory} mandatory violation(s): the plan fails.` : "\nNo mandatory violations.");
    return mandatory ? 1 : 0;
}

/**
 * The command: `npm run plan -- ...` (this project's index.ts unless a folder
 * is named) and `redis-cloud-byoc-aws plan ...` (default the current folder).
 * Exit 0 passes, 1 a mandatory violation, 2 bad input (nothing written).
 */
export async function runPlanCommand(argv: string[], defaultProgramDir?: string): Promise<number> {
    try {
        return await plan(parseArgs(argv, defaultProgramDir));
    } catch (error) {
        if (!(error instanceof PlanInputError)) throw error;
        // A one-line error stays one line; a list of config problems keeps its lines.
        console.error(`plan: ${error.message}${error.message.includes("\n") ? "\n" : ". "}Nothing was written.`);
        return 2;
    }
}

if (require.main === module) {
    runPlanCommand(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
