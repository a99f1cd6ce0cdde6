/**
 * `npm run audit` and `npx redis-cloud-byoc-aws audit`: what this AWS account
 * holds of Redis Cloud BYOC's IAM resources, against Redis's documents.
 * Read-only; see docs/audit-and-adoption.md, "Audit". The same bin runs
 * `redis-cloud-byoc-aws discover` (discover-cli.ts) and
 * `redis-cloud-byoc-aws protected-children` (protected-children-cli.ts).
 *
 * Exit codes: 0 no finding of severity high or critical; 1 there is one;
 * 2 bad input, or AWS could not be read (the message names the cause).
 */
import { DEFAULT_GUARDRAIL_POLICY_NAME } from "../core/guardrail-policy";
import { AuditReport, Finding, SEVERITY_ORDER, auditAccount, failsAudit } from "./findings";
import { AccountReadError, AccountReader, assumeRoleCredentials } from "./read-account";
import { runDiscover } from "./discover-cli";
import { readStdin, runProtectedChildren } from "./protected-children-cli";
import { auditReadOnlyPolicy } from "./read-only-policy";
import { holdBackSdkNodeWarning } from "./sdk-notice";
import { closestName } from "../core/values";

const USAGE = `usage: redis-cloud-byoc-aws audit [--json] [--profile NAME]... [--role-arn ARN]... [--concurrency N] [--max-key-age-days N] [--guardrail-policy-name NAME] [--print-policy] [--help]

  --json                    print one JSON object { account, findings, adopt } instead of the table; with targets, { accounts: [...] }, one entry per target
  --profile NAME            audit the account of this AWS profile; repeat for several accounts
  --role-arn ARN            audit the account of this role, assumed first (for example arn:aws:iam::<id>:role/OrganizationAccountAccessRole); repeatable
  --concurrency N           how many accounts are read at once (default 4, at most 16)
  --max-key-age-days N      an active access key older than N days is a finding (default 90)
  --guardrail-policy-name   the RedisManagedGuardrail SCP's name (default ${DEFAULT_GUARDRAIL_POLICY_NAME})
  --print-policy            print the read-only IAM policy the audit needs, and exit
  --help, -h                print this help, and exit

AWS credentials come from the standard chain (AWS_PROFILE, environment, SSO); AWS_ENDPOINT_URL is honoured.`;

/** Thrown for bad command-line input: exit code 2. */
export class UsageError extends Error {}

export interface CliOptions {
    json: boolean;
    maxKeyAgeDays: number;
    guardrailPolicyName: string;
    printPolicy: boolean;
    help: boolean;
    /** Several accounts: each a profile or a role to assume. Empty: the caller's own account. */
    targets: AuditTarget[];
    concurrency: number;
}

/** One account to audit: by a named profile, or by a role to assume. */
export type AuditTarget = { profile: string } | { roleArn: string };
const targetName = (t: AuditTarget) => ("profile" in t ? `profile ${t.profile}` : `role ${t.roleArn}`);

const FLAGS = [
    "--json",
    "--max-key-age-days",
    "--guardrail-policy-name",
    "--print-policy",
    "--help",
    "-h",
    "--profile",
    "--role-arn",
    "--concurrency",
];

export function parseCliArgs(argv: string[]): CliOptions {
    const args = argv[0] === "audit" ? argv.slice(1) : argv;
    const options: CliOptions = {
        json: false,
        maxKeyAgeDays: 90,
        guardrailPolicyName: DEFAULT_GUARDRAIL_POLICY_NAME,
        printPolicy: false,
        help: false,
        targets: [],
        concurrency: 4,
    };
    for (let i = 0; i < args.length; i++) {
        const flag = args[i];
        const value = () => {
            const next = args[++i];
            if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
            return next;
        };
        if (flag === "--help" || flag === "-h") options.help = true;
        else if (flag === "--json") options.json = true;
        else if (flag === "--print-policy") options.printPolicy = true;
        else if (flag === "--max-key-age-days") {
            const text = value();
            if (!/^\d{1,5}$/.test(text))
                throw new UsageError(`--max-key-age-days must be a whole number of days from 0 to 99999, not "${text}"`);
            options.maxKeyAgeDays = Number(text);
        } else if (flag === "--profile") {
            const text = value();
            if (!/^[\w+=,.@-]{1,128}$/.test(text))
                throw new UsageError(`--profile must be a profile name of the AWS config, not "${text.slice(0, 40)}"`);
            options.targets.push({ profile: text });
        } else if (flag === "--role-arn") {
            const text = value();
            if (!/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(text))
                throw new UsageError(
                    `--role-arn must be an IAM role ARN such as arn:aws:iam::123456789012:role/OrganizationAccountAccessRole, not "${text.slice(0, 80)}"`,
                );
            options.targets.push({ roleArn: text });
        } else if (flag === "--concurrency") {
            const text = value();
            if (!/^\d{1,2}$/.test(text) || Number(text) < 1 || Number(text) > 16)
                throw new UsageError(`--concurrency must be a whole number from 1 to 16, not "${text}"`);
            options.concurrency = Number(text);
        } else if (flag === "--guardrail-policy-name") {
            const text = value();
            if (!/^[\w+=,.@-]{1,128}$/.test(text)) throw new UsageError("--guardrail-policy-name must be an Organizations policy name");
            options.guardrailPolicyName = text;
        } else {
            const guess = flag.startsWith("-") ? closestName(flag, FLAGS) : undefined;
            throw new UsageError(`unknown argument "${flag.slice(0, 40)}"${guess ? ` (did you mean "${guess}"?)` : ""}`);
        }
    }
    return options;
}

/** `pulumi config set` commands for the adopt object (lists element by element, with --path). */
export function adoptCommands(adopt: AuditReport["adopt"]): string[] {
    const commands: string[] = [];
    for (const [key, value] of Object.entries(adopt)) {
        if (Array.isArray(value)) value.forEach((item, index) => commands.push(`pulumi config set --path '${key}[${index}]' ${item}`));
        else commands.push(`pulumi config set ${key} ${value}`);
    }
    return commands;
}

export function renderTable(report: AuditReport, notes: string[]): string {
    const sorted = [...report.findings].sort((a, b) => SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity));
    const header = { severity: "SEVERITY", code: "CODE", resource: "RESOURCE", message: "MESSAGE" };
    const rows: Pick<Finding, "severity" | "code" | "resource" | "message">[] = [header as never, ...sorted];
    const width = (field: "severity" | "code" | "resource") => Math.max(...rows.map((row) => String(row[field]).length));
    const [severityWidth, codeWidth, resourceWidth] = [width("severity"), width("code"), width("resource")];
    const lines = [`Redis Cloud BYOC audit of AWS account ${report.account} (read-only)`, ""];
    if (sorted.length === 0) lines.push("No findings: Redis's resources match Redis's documents.");
    else {
        for (const row of rows) {
            lines.push(
                `${String(row.severity).padEnd(severityWidth)}  ${String(row.code).padEnd(codeWidth)}  ${row.resource.padEnd(resourceWidth)}  ${row.message}`,
            );
        }
        const failing = sorted.filter(failsAudit).length;
        lines.push("", `${sorted.length} finding(s), ${failing} of severity high or critical.`);
    }
    for (const note of notes) lines.push(`Note: ${note}`);
    if (Object.keys(report.adopt).length) {
        lines.push("", 'To adopt these resources into RedisCloudIam, set this stack config (docs/audit-and-adoption.md, "Adopt"):');
        for (const command of adoptCommands(report.adopt)) lines.push(`  ${command}`);
        lines.push(`or, for \`npm run plan -- --config FILE\`: ${JSON.stringify(report.adopt)}`);
    }
    return lines.join("\n");
}

/** Runs the audit; returns the exit code. Output goes to `out`, notes and errors to `err`. */
export async function runAudit(
    argv: string[],
    out: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
    err: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<number> {
    let options: CliOptions;
    try {
        options = parseCliArgs(argv);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        err(`audit: ${error.message}\n\n${USAGE}`);
        return 2;
    }
    if (options.help) {
        out(USAGE);
        return 0;
    }
    if (options.printPolicy) {
        out(JSON.stringify(auditReadOnlyPolicy, null, 2));
        return 0;
    }
    if (options.targets.length) return auditSeveral(options, out, err);
    let report: AuditReport;
    const notes: string[] = [];
    // Before the first SDK client: its Node-version warning would otherwise precede the table.
    const nodeNote = holdBackSdkNodeWarning();
    try {
        const snapshot = await new AccountReader().snapshot();
        report = auditAccount(snapshot, {
            now: new Date(),
            maxKeyAgeDays: options.maxKeyAgeDays,
            guardrailPolicyName: options.guardrailPolicyName,
        });
        if (!snapshot.organization.readable) {
            notes.push(
                `AWS Organizations is not readable by this caller (${snapshot.organization.reason}): the guardrail SCP was not checked.`,
            );
        }
        for (const call of snapshot.unimplementedCalls)
            notes.push(`the endpoint does not implement ${call}: what it reads was not checked.`);
    } catch (error) {
        if (!(error instanceof AccountReadError)) throw error;
        err(`audit: ${error.message}`);
        return 2;
    }
    if (nodeNote) notes.push(nodeNote);
    if (options.json) {
        out(JSON.stringify(report, null, 2));
        for (const note of notes) err(`audit: note: ${note}`);
    } else out(renderTable(report, notes));
    return report.findings.some(failsAudit) ? 1 : 0;
}

/** One account's audit: its report and notes, or why it could not be audited. */
type AccountOutcome = { target: AuditTarget; report: AuditReport; notes: string[] } | { target: AuditTarget; error: string };

/** Reads and judges one target's account. */
async function auditTarget(target: AuditTarget, options: CliOptions): Promise<AccountOutcome> {
    try {
        const reader =
            "profile" in target
                ? new AccountReader({ profile: target.profile })
                : new AccountReader({ credentials: await assumeRoleCredentials(target.roleArn) });
        const snapshot = await reader.snapshot();
        const report = auditAccount(snapshot, {
            now: new Date(),
            maxKeyAgeDays: options.maxKeyAgeDays,
            guardrailPolicyName: options.guardrailPolicyName,
        });
        const notes = snapshot.organization.readable
            ? []
            : [`AWS Organizations is not readable by this caller (${snapshot.organization.reason}): the guardrail SCP was not checked.`];
        for (const call of snapshot.unimplementedCalls)
            notes.push(`the endpoint does not implement ${call}: what it reads was not checked.`);
        return { target, report, notes };
    } catch (error) {
        if (!(error instanceof AccountReadError)) throw error;
        return { target, error: error.message };
    }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the items' order in the results. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/** Several accounts: one summary, then each account's findings; exit 2 if any could not be audited, else 1 on a failing finding. */
async function auditSeveral(options: CliOptions, out: (text: string) => void, err: (text: string) => void): Promise<number> {
    const nodeNote = holdBackSdkNodeWarning();
    const outcomes = await mapBounded(options.targets, options.concurrency, (target) => auditTarget(target, options));
    const failed = outcomes.filter((o): o is Extract<AccountOutcome, { error: string }> => "error" in o);
    for (const o of failed) err(`audit: ${targetName(o.target)}: could not audit: ${o.error}`);
    if (options.json) {
        out(
            JSON.stringify(
                {
                    accounts: outcomes.map((o) =>
                        "error" in o ? { target: targetName(o.target), error: o.error } : { target: targetName(o.target), ...o.report },
                    ),
                },
                null,
                2,
            ),
        );
    } else {
        const rows = outcomes.map((o) =>
            "error" in o
                ? `  ${targetName(o.target)}: could not audit (${o.error})`
                : `  ${targetName(o.target)}: account ${o.report.account}: ${o.report.findings.length} finding(s), ${o.report.findings.filter(failsAudit).length} of severity high or critical`,
        );
        out([`Redis Cloud BYOC audit of ${outcomes.length} target(s) (read-only)`, "", ...rows].join("\n"));
        for (const o of outcomes) if (!("error" in o)) out(`\n${renderTable(o.report, o.notes)}`);
    }
    if (nodeNote) err(`audit: note: ${nodeNote}`);
    if (failed.length) return 2;
    return outcomes.some((o) => "report" in o && o.report.findings.some(failsAudit)) ? 1 : 0;
}

/** The AWS-side commands of the package's bin (cli/main.ts): `discover ...` and `protected-children ...` are those commands, anything else the audit. */
export function runAwsCommand(argv: string[]): void {
    const command = argv[0] === "discover" ? "discover" : argv[0] === "protected-children" ? "protected-children" : "audit";
    const run = { discover: runDiscover, "protected-children": (a: string[]) => runProtectedChildren(a, readStdin), audit: runAudit }[
        command
    ];
    run(argv).then(
        (code) => (process.exitCode = code),
        (error: Error) => {
            process.stderr.write(`${command}: unexpected error: ${error.name}: ${error.message.split("\n")[0]}\n`);
            process.exitCode = 2;
        },
    );
}

if (require.main === module) runAwsCommand(process.argv.slice(2));
