/**
 * `npm run plan`: the project's main job, offline. It runs the real program
 * `index.ts` on Pulumi's in-process mock engine (no AWS calls, no state, no
 * credentials), prints the resource tree, feeds every planned resource through
 * the real guard pack over the analyzer protocol, prints each policy's verdict,
 * and exits 1 when a mandatory policy is violated.
 *
 *   npm run plan -- [--config FILE] [--policy-config FILE] [--guardrail FILE] [--out DIR]
 *
 * `--guardrail FILE` (RedisManagedGuardrail args as JSON) adds the SCP backstop
 * to the plan, as it would be deployed from the Organizations management account.
 */
import * as fs from "fs";
import * as path from "path";
import { RedisManagedGuardrail, RedisManagedGuardrailArgs } from "../components/redis-managed-guardrail";
import { checkStackConfigObject } from "../components/stack-config";
import { AnalyzerClient, Diagnostic, PolicyConfig, toAnalyzerResource } from "../drivers/analyzer-client";
import { RegisteredResource, loadFresh, maskSecrets, revealSecrets, runOnMockEngine, stackOutputs } from "../drivers/mock-engine";
import { checkPackConfig } from "../drivers/pack-config";
import { ensurePackBuilt } from "../drivers/pack-build";

const ROOT = path.join(__dirname, "..");
const USAGE = "usage: npm run plan -- [--config FILE] [--policy-config FILE] [--guardrail FILE] [--out DIR]";

/** Thrown for anything the user must fix; printed without a stack trace, exit code 2. */
export class PlanInputError extends Error {}

interface PlanOptions {
    config: Record<string, unknown>;
    configSource: string;
    policyConfig: Record<string, PolicyConfig>;
    /** RedisManagedGuardrail args, when the plan includes the SCP backstop. */
    guardrail?: RedisManagedGuardrailArgs;
    out?: string;
}

function readJsonFile(flag: string, file: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new PlanInputError(`${flag} ${file}: ${(error as Error).message}`);
    }
}

export function parseArgs(argv: string[]): PlanOptions {
    const options: PlanOptions = { config: {}, configSource: "defaults (no --config)", policyConfig: {} };
    for (let i = 0; i < argv.length; i++) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (flag === "--help" || flag === "-h") {
            console.log(USAGE);
            process.exit(0);
        }
        if (!["--config", "--policy-config", "--guardrail", "--out"].includes(flag))
            throw new PlanInputError(`unknown argument "${flag}"\n${USAGE}`);
        if (value === undefined || value.startsWith("--")) throw new PlanInputError(`${flag} needs a value\n${USAGE}`);
        i++;
        if (flag === "--out") options.out = path.resolve(value);
        if (flag === "--guardrail") options.guardrail = readJsonFile(flag, value) as RedisManagedGuardrailArgs;
        if (flag === "--policy-config") {
            const file = readJsonFile(flag, value);
            const problems = checkPackConfig(file);
            if (problems.length) throw new PlanInputError(`${flag} ${value}:\n  ${problems.join("\n  ")}`);
            options.policyConfig = policyConfigFrom(file);
        }
        if (flag === "--config") {
            const config = readJsonFile(flag, value);
            const errors = checkStackConfigObject(config);
            if (errors.length) throw new PlanInputError(`${flag} ${value}:\n  ${errors.join("\n  ")}`);
            options.config = config as Record<string, unknown>;
            options.configSource = value;
        }
    }
    return options;
}

/** A checked policy-group config file (`{ "<policy>": "mandatory" | { enforcementLevel, ...settings } }`) as Configure takes it. */
function policyConfigFrom(file: unknown): Record<string, PolicyConfig> {
    const config: Record<string, PolicyConfig> = {};
    for (const [policy, setting] of Object.entries(file as Record<string, unknown>)) {
        if (policy === "all") continue;
        if (typeof setting === "string") config[policy] = { enforcementLevel: setting as PolicyConfig["enforcementLevel"] };
        else {
            const { enforcementLevel, ...properties } = setting as Record<string, unknown>;
            config[policy] = { enforcementLevel: enforcementLevel as PolicyConfig["enforcementLevel"], properties };
        }
    }
    return config;
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

/** plan.json, policies/<PolicyName>.json and trust-policies/<RoleName>.json; secrets masked as "[secret]". */
export function writeArtifacts(
    out: string,
    resources: RegisteredResource[],
    verdicts: Diagnostic[],
    outputs: Record<string, unknown> = {},
): string[] {
    const written: string[] = [];
    const write = (relative: string, value: unknown) => {
        const file = path.join(out, relative);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
        written.push(relative);
    };
    write("plan.json", {
        note: "Offline plan on Pulumi's mock engine: not a pulumi preview. No AWS calls were made and no state was read.",
        resources: resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent || null,
            protect: r.protect,
            // Only while adopting: the existing resource imported, and what the import may find different.
            ...(r.importId ? { importId: r.importId, ignoreChanges: r.ignoreChanges } : {}),
            inputs: maskSecrets(r.inputs),
        })),
        outputs,
        violations: verdicts.map((d) => ({ policy: d.policyName, enforcementLevel: d.enforcementLevel, urn: d.urn, message: d.message })),
    });
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

export async function plan(options: PlanOptions): Promise<number> {
    console.log("Offline plan: NOT a `pulumi preview`. It runs index.ts on Pulumi's in-process mock engine;");
    console.log("no AWS calls are made, no state is read, no credentials are needed. IDs and ARNs shown are placeholders.\n");
    console.log(`Stack config: ${options.configSource}`);

    let resources: RegisteredResource[];
    let outputs: Record<string, unknown>;
    try {
        const run = await runOnMockEngine(
            () => {
                const exports = loadFresh(path.join(ROOT, "index.ts"));
                if (options.guardrail) new RedisManagedGuardrail("redis-guardrail", options.guardrail);
                return exports;
            },
            { config: options.config },
        );
        resources = run.resources;
        outputs = await stackOutputs(run.result);
    } catch (error) {
        throw new PlanInputError(`the program rejected its config: ${(error as Error).message}`);
    }
    const imports = resources.filter((r) => r.importId).length;
    console.log(`\nResources (${resources.length}${imports ? `; ${imports} adopted with Pulumi's import option, marked =` : ""}):`);
    for (const line of renderTree(resources)) console.log(line);
    console.log(`\nOutputs (placeholders; secrets masked):`);
    for (const [name, value] of Object.entries(outputs)) console.log(`  ${name}: ${JSON.stringify(value)}`);

    ensurePackBuilt((line) => console.log(`\n${line}`));
    const analyzer = await AnalyzerClient.start(path.join(ROOT, "policy-pack"));
    let verdicts: Diagnostic[];
    let policies: string[];
    try {
        const info = await analyzer.getAnalyzerInfo();
        policies = info.policies.map((p) => p.name);
        await analyzer.configure(options.policyConfig);
        const planned = resources.map(toAnalyzerResource);
        verdicts = [...(await Promise.all(planned.map((r) => analyzer.analyze(r)))).flat(), ...(await analyzer.analyzeStack(planned))];
        console.log(`\nPolicies: ${info.name}@${info.version}, over the analyzer protocol`);
    } finally {
        await analyzer.stop();
    }
    for (const policy of policies) {
        const found = verdicts.filter((d) => d.policyName === policy);
        console.log(`  ${found.length ? "✖" : "✔"} ${policy}: ${found.length ? `${found.length} violation(s)` : "pass"}`);
        for (const d of found) console.log(`      [${d.enforcementLevel}] ${d.urn.split("::").pop()}: ${d.message.split("\n").pop()}`);
    }

    if (options.out) {
        const written = writeArtifacts(options.out, resources, verdicts, outputs);
        console.log(`\nWrote ${written.length} review artifacts to ${options.out}:`);
        for (const file of written) console.log(`  ${file}`);
    }
    const mandatory = verdicts.filter((d) => d.enforcementLevel === "mandatory").length;
    console.log(mandatory ? `\n${mandatory} mandatory violation(s): the plan fails.` : "\nNo mandatory violations.");
    return mandatory ? 1 : 0;
}

if (require.main === module) {
    (async () => {
        try {
            process.exitCode = await plan(parseArgs(process.argv.slice(2)));
        } catch (error) {
            if (!(error instanceof PlanInputError)) throw error;
            console.error(`plan: ${error.message}\nNothing was written.`);
            process.exitCode = 2;
        }
    })();
}
