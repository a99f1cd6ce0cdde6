#!/usr/bin/env node
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
import { AccountReadError, AccountReader } from "./read-account";
import { runDiscover } from "./discover-cli";
import { readStdin, runProtectedChildren } from "./protected-children-cli";
import { auditReadOnlyPolicy } from "./read-only-policy";
import { holdBackSdkNodeWarning } from "./sdk-notice";
import { closestName } from "../core/values";

const USAGE = `usage: redis-cloud-byoc-aws audit [--json] [--max-key-age-days N] [--guardrail-policy-name NAME] [--print-policy] [--help]

  --json                    print one JSON object { account, findings, adopt } instead of the table
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
}

const FLAGS = ["--json", "--max-key-age-days", "--guardrail-policy-name", "--print-policy", "--help", "-h"];

export function parseCliArgs(argv: string[]): CliOptions {
    const args = argv[0] === "audit" ? argv.slice(1) : argv;
    const options: CliOptions = {
        json: false,
        maxKeyAgeDays: 90,
        guardrailPolicyName: DEFAULT_GUARDRAIL_POLICY_NAME,
        printPolicy: false,
        help: false,
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

if (require.main === module) {
    // The package's one bin: `discover ...` and `protected-children ...` are those commands, anything else the audit.
    const argv = process.argv.slice(2);
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
