/**
 * Runs the real Pulumi CLI (built by `npm run engine:install`) as a user
 * would, but hermetically: its own PULUMI_HOME, a `file://` backend in a
 * temporary folder, a config passphrase, no update checks and no automatic
 * plugin downloads. The stand-in `aws` provider is put on PATH, where the
 * engine looks for `pulumi-resource-aws`.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineBinDir, engineIsInstalled } from "./engine-install";

const ROOT = path.join(__dirname, "..", "..");
/** The stand-in aws provider plugin (tests only; never shipped). */
export const STANDIN_AWS_PROVIDER_DIR = path.join(__dirname, "standin-aws-provider");
/**
 * Where the Node SDK keeps `pulumi-resource-pulumi-nodejs`, the plugin that runs dynamic providers
 * (`RedisCloudAccount`). Pulumi's release archive ships it beside the CLI; the CLI built here from
 * Go modules does not, so the SDK's own copy goes on PATH. It is Pulumi's, not a stand-in.
 */
const NODE_SDK_DIR = path.join(ROOT, "node_modules", "@pulumi", "pulumi");

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
    /** stdout and stderr together, in arrival order. */
    output: string;
}

export class PulumiCli {
    readonly home: string;
    readonly backendDir: string;
    /** Every create, update and delete the stand-in provider was asked for, one JSON line each. */
    readonly providerLog: string;
    private readonly env: NodeJS.ProcessEnv;

    constructor(extraEnv: NodeJS.ProcessEnv = {}) {
        if (!engineIsInstalled()) throw new Error(`the Pulumi CLI is not built in ${engineBinDir()}: run npm run engine:install`);
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "redis-byoc-engine-"));
        this.home = path.join(scratch, "home");
        this.backendDir = path.join(scratch, "state");
        this.providerLog = path.join(scratch, "standin-aws.log");
        fs.mkdirSync(this.home);
        fs.mkdirSync(this.backendDir);
        this.env = {
            ...process.env,
            PATH: [engineBinDir(), STANDIN_AWS_PROVIDER_DIR, NODE_SDK_DIR, process.env.PATH].join(path.delimiter),
            PULUMI_HOME: this.home,
            PULUMI_BACKEND_URL: `file://${this.backendDir}`,
            PULUMI_CONFIG_PASSPHRASE: "engine-tests-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "1",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            STANDIN_AWS_LOG: this.providerLog,
            // Programs are type-checked by `npm test`; here ts-node only transpiles, which saves ~10 s per run.
            PULUMI_NODEJS_TRANSPILE_ONLY: "true",
            ...extraEnv,
        };
    }

    /**
     * A scratch copy of a project folder, made of symbolic links to its entries, so that the CLI writes
     * stack files (`Pulumi.<stack>.yaml`) there and never into the repository. Node follows the links,
     * so the program still loads this repository's code and node_modules.
     */
    projectCopy(sourceDir: string, name: string): string {
        const copy = path.join(path.dirname(this.home), "projects", name);
        fs.mkdirSync(copy, { recursive: true });
        for (const entry of fs.readdirSync(sourceDir)) {
            if (entry === ".git" || /^Pulumi\..+\.yaml$/.test(entry)) continue;
            fs.symlinkSync(path.join(sourceDir, entry), path.join(copy, entry));
        }
        // A fixture inside the repository uses the repository's packages, as Node would find them from its real path.
        if (!fs.existsSync(path.join(copy, "node_modules")))
            fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
        return copy;
    }

    /**
     * Runs `pulumi <args>` in `cwd` (with `--stack` when given); never throws on a non-zero exit (tests check `code`).
     * `env` adds to (or, with undefined values, removes from) the environment of this run only.
     */
    run(args: string[], cwd: string, stack?: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
        const stackArgs = stack ? ["--stack", stack] : [];
        return new Promise((resolve, reject) => {
            const child = spawn(path.join(engineBinDir(), "pulumi"), [...args, ...stackArgs, "--non-interactive", "--color", "never"], {
                cwd,
                env: Object.fromEntries(Object.entries({ ...this.env, ...env }).filter(([, value]) => value !== undefined)),
                stdio: ["ignore", "pipe", "pipe"],
            });
            const result: CliResult = { code: -1, stdout: "", stderr: "", output: "" };
            child.stdout.on("data", (chunk: Buffer) => {
                result.stdout += chunk;
                result.output += chunk;
            });
            child.stderr.on("data", (chunk: Buffer) => {
                result.stderr += chunk;
                result.output += chunk;
            });
            child.on("error", reject);
            child.on("close", (code) => resolve({ ...result, code: code ?? -1 }));
        });
    }

    /** Like `run`, but throws with the CLI's output when it fails. */
    async ok(args: string[], cwd: string, stack?: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
        const result = await this.run(args, cwd, stack, env);
        if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
        return result;
    }

    /** `pulumi stack init <stack>`. */
    async initStack(stack: string, cwd: string): Promise<void> {
        await this.ok(["stack", "init", stack], cwd);
    }

    /** The provider operations logged so far. */
    providerOperations(): { operation: string; urn: string; id: string; at: number; principal?: string; policy?: string }[] {
        if (!fs.existsSync(this.providerLog)) return [];
        return fs
            .readFileSync(this.providerLog, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line));
    }

    /** Every file of the backend (state, history, backups) as one string, to search for plaintext secrets. */
    backendText(): string {
        const texts: string[] = [];
        const visit = (dir: string) => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const full = path.join(dir, entry.name);
                if (entry.isDirectory()) visit(full);
                else texts.push(fs.readFileSync(full, "latin1"));
            }
        };
        visit(this.backendDir);
        return texts.join("\n");
    }
}

/** A resource of `pulumi stack export`'s deployment. */
export interface StateResource {
    urn: string;
    type: string;
    parent?: string;
    protect?: boolean;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

/** The stack's resources from `pulumi stack export` (secrets stay encrypted). */
export async function exportState(cli: PulumiCli, cwd: string, stack: string): Promise<StateResource[]> {
    const { stdout } = await cli.ok(["stack", "export"], cwd, stack);
    return (JSON.parse(stdout).deployment.resources ?? []) as StateResource[];
}

/** How many children of each type the one resource of `componentType` has in state (fails unless there is exactly one). */
export function childTypeCounts(state: StateResource[], componentType: string): Record<string, number> {
    const components = state.filter((r) => r.type === componentType);
    if (components.length !== 1) throw new Error(`expected exactly one ${componentType} in state, found ${components.length}`);
    const counts: Record<string, number> = {};
    for (const r of state.filter((r) => r.parent === components[0].urn)) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
}
