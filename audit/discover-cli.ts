/**
 * `npm run discover` and `npx redis-cloud-byoc-aws discover`: the IDs of what
 * Redis Cloud manages in this AWS account, printed as the guard pack's config,
 * for teams that will not let a pack call AWS. Read-only; it shares its
 * reading code with the pack's live discovery (policy-pack/discovery/).
 * See docs/guard-pack.md, "Live discovery".
 *
 * Exit codes, as the audit's: 0 Redis resources found and printed; 1 none
 * found (the config printed protects nothing: check the regions and the
 * account); 2 bad input, or AWS could not be read (the message names the cause).
 */
import * as fs from "node:fs";
import { parseDiscoverConfig } from "../core/discovery-config";
import { DISCOVERY_READ_ONLY_POLICY } from "../core/redis-discovery";
import { REDIS_TAG_KEY } from "../core/redis-documents";
import { DiscoveryError, discoverRedisIds } from "../policy-pack/discovery/discover";
import { holdBackSdkNodeWarning } from "./sdk-notice";

const POLICY = "redis-managed-ids-protected";

const USAGE = `usage: redis-cloud-byoc-aws discover --regions REGION[,REGION...] [--tag-key KEY] [--role-arn ARN] [--call-timeout-ms N] [--total-timeout-ms N] [--guardrail-out FILE] [--print-policy] [--help]

  --regions            the AWS regions to read (required; comma-separated, or the flag repeated)
  --tag-key            the tag key Redis Cloud marks its resources with (default ${REDIS_TAG_KEY})
  --role-arn           a role to assume for reading; {account} stands for the caller's account
  --call-timeout-ms    deadline of one AWS call (default 5000)
  --total-timeout-ms   deadline of the whole discovery (default 30000)
  --guardrail-out FILE when Redis resources are found, write RedisManagedGuardrail args targeting this account ({"targetIds": [...]}) to FILE
  --print-policy       print the read-only IAM policy discovery needs, and exit
  --help, -h           print this help, and exit

Prints {"${POLICY}": {"resourceIds": [...]}} for a policy group's config.
AWS credentials come from the standard chain (AWS_PROFILE, environment, SSO); AWS_ENDPOINT_URL is honoured.`;

/** The config setting each flag sets, so that a problem found by the shared check names the flag. */
const FLAGS: Record<string, string> = {
    "--regions": "regions",
    "--tag-key": "tagKey",
    "--role-arn": "roleArn",
    "--call-timeout-ms": "callTimeoutMs",
    "--total-timeout-ms": "totalTimeoutMs",
};
const NUMERIC = new Set(["callTimeoutMs", "totalTimeoutMs"]);

class UsageError extends Error {}

function parseArgs(argv: string[]): { help?: boolean; printPolicy: boolean; guardrailOut?: string; settings: Record<string, unknown> } {
    const args = argv[0] === "discover" ? argv.slice(1) : argv;
    const settings: Record<string, unknown> = {};
    let printPolicy = false;
    let guardrailOut: string | undefined;
    for (let i = 0; i < args.length; i++) {
        const flag = args[i];
        if (flag === "--help" || flag === "-h") return { help: true, printPolicy, settings };
        if (flag === "--print-policy") {
            printPolicy = true;
            continue;
        }
        if (flag === "--guardrail-out") {
            guardrailOut = args[++i];
            if (guardrailOut === undefined || guardrailOut.startsWith("--")) throw new UsageError(`${flag} needs a value`);
            continue;
        }
        const setting = FLAGS[flag];
        if (!setting) throw new UsageError(`unknown argument "${flag.slice(0, 40)}"`);
        const value = args[++i];
        if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
        if (setting === "regions") settings.regions = [...((settings.regions as string[]) ?? []), ...value.split(",").filter(Boolean)];
        else settings[setting] = NUMERIC.has(setting) ? (/^\d{1,9}$/.test(value) ? Number(value) : value) : value;
    }
    return { printPolicy, guardrailOut, settings };
}

/** A problem of the shared check (`discover.regions[0]: ...`), with the flag in place of the setting. */
function asFlagProblem(problem: string): string {
    return problem.replace(/^discover\.(\w+)/, (_, setting: string) => {
        const flag = Object.entries(FLAGS).find(([, name]) => name === setting)?.[0];
        return flag ?? setting;
    });
}

/** Runs the command; returns the exit code. The config goes to `out`, notes and errors to `err`. */
export async function runDiscover(
    argv: string[],
    out: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
    err: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<number> {
    let parsed: ReturnType<typeof parseArgs>;
    try {
        parsed = parseArgs(argv);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        err(`discover: ${error.message}\n\n${USAGE}`);
        return 2;
    }
    if (parsed.help) {
        out(USAGE);
        return 0;
    }
    if (parsed.printPolicy) {
        out(JSON.stringify(DISCOVERY_READ_ONLY_POLICY, null, 2));
        return 0;
    }
    // The command reads afresh every time: no cache.
    const { config, problems } = parseDiscoverConfig({ ...parsed.settings, cacheSeconds: 0 });
    if (!config) {
        err(`discover: ${problems.map(asFlagProblem).join("\ndiscover: ")}\n\n${USAGE}`);
        return 2;
    }
    // Before the first SDK client: its Node-version warning would otherwise precede the output; said once at the end instead.
    const nodeNote = holdBackSdkNodeWarning();
    try {
        return await discoverAndPrint(config, parsed.guardrailOut, out, err);
    } finally {
        if (nodeNote) err(`discover: note: ${nodeNote}`);
    }
}

async function discoverAndPrint(
    config: NonNullable<ReturnType<typeof parseDiscoverConfig>["config"]>,
    guardrailOut: string | undefined,
    out: (text: string) => void,
    err: (text: string) => void,
): Promise<number> {
    try {
        const outcome = await discoverRedisIds(config);
        out(JSON.stringify({ [POLICY]: { resourceIds: outcome.ids } }, null, 2));
        for (const region of outcome.regions)
            err(`discover: ${region.region}: ${region.ids.length} Redis-managed ID(s) in account ${outcome.readAccountId}`);
        if (outcome.ids.length === 0) {
            err(
                `discover: note: nothing tagged ${config.tagKey} was found: the printed config protects nothing (check --regions and the account)`,
            );
            return 1;
        }
        if (guardrailOut) {
            // The account only: its OUs are readable only from the organisation's management (or a delegated) account.
            try {
                fs.writeFileSync(guardrailOut, `${JSON.stringify({ targetIds: [outcome.readAccountId] }, null, 2)}\n`);
            } catch (error) {
                err(`discover: --guardrail-out ${guardrailOut}: cannot write it (${(error as NodeJS.ErrnoException).code ?? "error"})`);
                return 2;
            }
            err(`discover: wrote RedisManagedGuardrail args for account ${outcome.readAccountId} to ${guardrailOut}`);
        }
        return 0;
    } catch (error) {
        if (!(error instanceof DiscoveryError)) throw error;
        err(`discover: ${error.message}`);
        return 2;
    }
}

if (require.main === module) {
    runDiscover(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (error: Error) => {
            process.stderr.write(`discover: unexpected error: ${error.name}: ${error.message.split("\n")[0]}\n`);
            process.exitCode = 2;
        },
    );
}
