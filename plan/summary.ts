/**
 * `summary.md` of a review folder: one page a security reviewer can approve
 * from without the rest of the folder. Everything in it is derived from the
 * planned resources, the pack's verdicts and the evidence data; nothing here
 * restates a policy.
 */
import { ACCESS_MATRIX } from "../evidence/access-matrix";
import type { EnforcementLevel } from "./analyzer-client";
import type { RegisteredResource } from "./mock-engine";
import { REDIS_CLOUD_ACCOUNT_TYPE } from "../core/type-tokens";
import { maskSecrets, revealSecrets } from "./mock-engine";
import { REDIS_CLOUD_ACCOUNT_ID } from "../core/redis-documents";

const REDIS_CLOUD_ROOT = `arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:root`;

/** The resource a verdict is about: absent for a verdict on the whole stack. */
export interface VerdictResource {
    type: string;
    name: string;
    urn: string;
}

/** One violation reported by the guard pack, tied to its resource. */
export interface Verdict {
    policy: string;
    enforcementLevel: EnforcementLevel;
    resource: VerdictResource | null;
    message: string;
}

/** What produced a review folder. */
export interface Provenance {
    generatedAt: string;
    /** `npm run plan` or `redis-cloud-byoc-aws plan`. */
    command?: string;
    /** The program planned: this project's index.ts, or a folder of one's own. */
    program?: string;
    config: { source: string; value: Record<string, unknown> };
    policyConfig: { source: string; value: unknown };
    guardrail: { source: string; value: unknown; sizes: string[] } | null;
    versions: Record<string, string>;
    /** `git rev-parse HEAD` of the checkout, with `dirty` when it has uncommitted changes; null outside a git checkout. */
    gitCommit: { commit: string; dirty: boolean } | null;
}

export interface SummaryInput {
    provenance: Provenance;
    resources: RegisteredResource[];
    policies: string[];
    /** Enforcement level per policy, as configured for this plan. */
    enforcement: Record<string, EnforcementLevel>;
    verdicts: Verdict[];
    tree: string[];
    /** The resource tree per deploying account, when they differ (with the guardrail), with the resources each deploys. */
    trees?: { title: string; lines: string[]; resources?: RegisteredResource[] }[];
    /** The deployment context: target account, backend, where the secret lives. */
    context?: string[];
    /** An audit of the account, for an adoption review. */
    audit?: {
        source: string;
        report: {
            account: string;
            findings: {
                code: string;
                severity: string;
                resource: string;
                message: string;
                command?: string;
                removedByPulumiUp?: boolean;
            }[];
        };
    };
    /** Warnings about valid but doubtful input (such as guardrail args). */
    warnings: string[];
}

/** What the plan does about an audit finding: the exclusive lists remove what the audit marks removedByPulumiUp; the rest is by hand. */
function auditRows(findings: NonNullable<SummaryInput["audit"]>["report"]["findings"]): string[][] {
    return findings.map((f) => {
        const removedByPlan = f.removedByPulumiUp === true;
        return [
            f.severity,
            code(f.code),
            code(f.resource),
            f.message,
            removedByPlan
                ? "**removed** by RedisCloudIam's exclusive lists at the first `pulumi up` after adoption is turned off (the preview shows it)"
                : f.command
                  ? `not removed by the plan: ${code(f.command)}`
                  : "not changed by the plan",
        ];
    });
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const table = (header: string[], rows: string[][]) =>
    [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join(
        "\n",
    );
const json = (value: unknown) => ["```json", JSON.stringify(value, null, 2), "```"].join("\n");

/** A resource's plaintext inputs: the summary only reads names and policy documents from them, never prints a secret. */
const inputsOf = (r: RegisteredResource) => revealSecrets(r.inputs) as Record<string, unknown>;
const str = (value: unknown) => (typeof value === "string" ? value : undefined);
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const lastSegment = (arn: string) => arn.split("/").pop() ?? arn;

interface Statement {
    Effect?: string;
    Action?: string | string[];
    Resource?: string | string[];
    Principal?: Record<string, string | string[]>;
    Condition?: Record<string, Record<string, unknown>>;
}
const statementsOf = (document: string | undefined): Statement[] => {
    if (!document) return [];
    try {
        return asArray((JSON.parse(document) as { Statement?: Statement | Statement[] }).Statement);
    } catch {
        return [];
    }
};
const describeCondition = (condition: Statement["Condition"]) =>
    condition
        ? Object.entries(condition)
              .flatMap(([operator, keys]) => Object.entries(keys).map(([key, value]) => `${operator} ${key} = ${JSON.stringify(value)}`))
              .join("; ")
        : "none";

/** Who may assume or use each identity of the plan, read from the trust policies, attachments and the planned policies. */
/** Where the key's secret (and the console password) end up: Redis Cloud's API, or a person with the console. */
export function secretDestination(resources: RegisteredResource[]): string[] {
    const account = resources.find((r) => r.type === REDIS_CLOUD_ACCOUNT_TYPE);
    const encrypted = resources.some((r) => r.type === "aws:iam/accessKey:AccessKey" && inputsOf(r).pgpKey);
    if (!account) {
        return [
            encrypted
                ? "Not registered through Redis's API. The secret access key exists only PGP-encrypted, in the secret output `redisCloudConsole`: its holder decrypts it and pastes it into the Redis Cloud console."
                : "Not registered through Redis's API. The secret access key is in the secret output `redisCloudConsole`: someone reads it with `pulumi stack output --show-secrets` and pastes it into the Redis Cloud console.",
        ];
    }
    const inputs = inputsOf(account);
    return [
        `Registered in the same \`pulumi up\` by ${code(account.type)} ${code(account.name)}: cloud account ${code(String(inputs.name))}, sent to Redis Cloud's API at ${code(String(inputs.apiUrl))}.`,
        "",
        "- The secret access key and the console password go from the stack straight to Redis Cloud's API (`POST /cloud-accounts`, and `PUT` on rotation); no person sees them.",
        '- In state they are secrets (encrypted), as are the Redis Cloud API keys the provider uses; in `plan.json` they are `"[secret]"`. Redis Cloud never returns them.',
        `- The registration is ${account.protect ? "protected" : "**not protected**"}; it depends on every IAM resource of the component, so a destroy deregisters the account first.`,
    ];
}

export function identityRows(resources: RegisteredResource[]): string[][] {
    const byType = (type: string) => resources.filter((r) => r.type === type).map((r) => ({ resource: r, inputs: inputsOf(r) }));
    const policyDocuments = new Map(byType("aws:iam/policy:Policy").map(({ inputs }) => [str(inputs.name) ?? "", str(inputs.policy)]));
    const attached = (type: string, field: string, name: string) =>
        byType(type)
            .filter(({ inputs }) => inputs[field] === name)
            .map(({ inputs }) => lastSegment(str(inputs.policyArn) ?? "?"));
    const identitiesWithPolicy = (policy: string) => [
        ...byType("aws:iam/userPolicyAttachment:UserPolicyAttachment")
            .filter(({ inputs }) => lastSegment(str(inputs.policyArn) ?? "") === policy)
            .map(({ inputs }) => `user ${str(inputs.user)}`),
        ...byType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter(({ inputs }) => lastSegment(str(inputs.policyArn) ?? "") === policy)
            .map(({ inputs }) => `role ${str(inputs.role)}`),
    ];
    /** Identities whose attached policies allow iam:PassRole on the role (the only way to hand it to EC2). */
    const mayPass = (role: string) =>
        [...policyDocuments.entries()]
            .filter(([, document]) =>
                statementsOf(document).some(
                    (s) =>
                        s.Effect === "Allow" &&
                        asArray(s.Action).some((a) => a === "iam:PassRole" || a === "iam:*" || a === "*") &&
                        asArray(s.Resource).some((arn) => arn === "*" || arn.endsWith(`:role/${role}`)),
                ),
            )
            .flatMap(([policy]) => identitiesWithPolicy(policy).map((identity) => `${identity} (through ${policy})`));

    // What narrows an identity beyond its policies: its permissions boundary, and the guardrail SCP when the plan has it.
    const scps = byType("aws:organizations/policy:Policy").map(({ inputs }) => str(inputs.name) ?? "?");
    const limits = (inputs: Record<string, unknown>) =>
        [
            str(inputs.permissionsBoundary)
                ? `permissions boundary ${code(str(inputs.permissionsBoundary) ?? "")}`
                : "no permissions boundary",
            scps.length
                ? `guardrail SCP ${scps.map(code).join(", ")} (denies changes to Redis's identities to all but Redis, break-glass and identity-admin roles; deployed from the management account)`
                : "no guardrail SCP in this plan",
        ].join("; ");
    const rows: string[][] = [];
    for (const { inputs } of byType("aws:iam/role:Role")) {
        const name = str(inputs.name) ?? "?";
        const trust = statementsOf(str(inputs.assumeRolePolicy)).filter((s) => s.Effect === "Allow");
        const principals = trust.flatMap((s) =>
            Object.entries(s.Principal ?? {}).flatMap(([kind, ids]) =>
                asArray(ids).map((id) => `${kind} ${id}${id === REDIS_CLOUD_ROOT ? " (Redis Cloud's AWS account)" : ""}`),
            ),
        );
        const profiles = byType("aws:iam/instanceProfile:InstanceProfile").filter((p) => p.inputs.role === name);
        const users = profiles.length
            ? `${principals.join(", ")}: EC2 instances launched with instance profile ${profiles.map((p) => code(str(p.inputs.name) ?? "?")).join(", ")}; may pass the role to EC2: ${mayPass(name).join(", ") || "nobody in this plan"}`
            : principals.join(", ");
        rows.push([
            `role ${code(name)}`,
            users,
            attached("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "role", name).join(", "),
            trust.map((s) => describeCondition(s.Condition)).join("; "),
            limits(inputs),
        ]);
    }
    for (const { inputs } of byType("aws:iam/user:User")) {
        const name = str(inputs.name) ?? "?";
        const keys = byType("aws:iam/accessKey:AccessKey").filter((k) => k.inputs.user === name).length;
        const login = byType("aws:iam/userLoginProfile:UserLoginProfile").some((p) => p.inputs.user === name);
        rows.push([
            `user ${code(name)}`,
            `whoever holds its ${keys} access key(s) (given to Redis Cloud)${login ? ", and its console password" : ""}`,
            attached("aws:iam/userPolicyAttachment:UserPolicyAttachment", "user", name).join(", "),
            "no trust policy: long-term credentials",
            limits(inputs),
        ]);
    }
    return rows;
}

/** What an action does, in plain words, read from its name (`ec2:RevokeSecurityGroupIngress` removes). */
export enum ActionKind {
    Create = "create",
    Change = "change",
    Delete = "delete or remove",
    Read = "read",
    Pass = "pass roles to AWS services",
}
const ACTION_KIND_PATTERNS: [RegExp, ActionKind][] = [
    [/^PassRole$/, ActionKind.Pass],
    [/^(Describe|Get|List|Search|Lookup|View)/, ActionKind.Read],
    [/^(Delete|Terminate|Deregister|Release|Revoke|Detach|Disassociate|Remove|Cancel)/, ActionKind.Delete],
    [/^(Create|Run|Allocate|Request|Import|Copy|Register|Generate|Put)/, ActionKind.Create],
];
export const actionKind = (action: string): ActionKind => {
    const verb = action.slice(action.indexOf(":") + 1);
    return ACTION_KIND_PATTERNS.find(([pattern]) => pattern.test(verb))?.[1] ?? ActionKind.Change;
};

/** Where a statement applies, in plain words: its resources and its conditions. */
function scopeOf(statement: Statement): string {
    const resources = asArray(statement.Resource);
    const where = resources.every((r) => r === "*") ? "on any resource in the account" : `on ${resources.map(code).join(", ")}`;
    if (!statement.Condition) return `${where}, with no condition`;
    const tagged = Object.values(statement.Condition).flatMap((keys) => Object.keys(keys).filter((key) => /Tag\//.test(key)));
    return `${where}, only when ${describeCondition(statement.Condition)}${tagged.length ? "" : " (no tag condition)"}`;
}

/**
 * Plain-language statements of what each Redis principal can create, change,
 * delete and read, and on what: generated from the planned policy documents,
 * statement by statement (the Deny statements that narrow them are listed
 * too), never written by hand.
 */
export function riskStatements(resources: RegisteredResource[]): string[] {
    const inputs = resources.map((r) => ({ resource: r, inputs: inputsOf(r) }));
    const holders = (policy: string) =>
        inputs
            .filter(
                ({ resource, inputs: i }) =>
                    (resource.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" ||
                        resource.type === "aws:iam/userPolicyAttachment:UserPolicyAttachment") &&
                    lastSegment(str(i.policyArn) ?? "") === policy,
            )
            .map(({ inputs: i }) => (i.role ? `role ${code(str(i.role) ?? "?")}` : `user ${code(str(i.user) ?? "?")}`));
    const lines: string[] = [];
    for (const { resource, inputs: i } of inputs) {
        if (resource.type !== "aws:iam/policy:Policy") continue;
        const policy = str(i.name) ?? "?";
        const who = holders(policy);
        lines.push(`### ${code(policy)}, held by ${who.length ? who.join(" and ") : "no principal in this plan"}`, "");
        const statements = statementsOf(str(i.policy));
        for (const statement of statements.filter((s) => s.Effect === "Allow")) {
            const byKind = new Map<ActionKind, string[]>();
            for (const action of asArray(statement.Action))
                byKind.set(actionKind(action), [...(byKind.get(actionKind(action)) ?? []), action]);
            for (const [kind, actions] of byKind) {
                lines.push(`- Can **${kind}** ${scopeOf(statement)}: ${actions.map(code).join(", ")}.`);
            }
        }
        for (const statement of statements.filter((s) => s.Effect === "Deny")) {
            lines.push(`- Is **denied** ${asArray(statement.Action).map(code).join(", ")} ${scopeOf(statement)}.`);
        }
        lines.push("");
    }
    return lines;
}

/** `access-matrix.md` of a review folder: every request of the access matrix and its verdict on the IAM simulator. */
export function renderAccessMatrix(): string {
    const context = (c: (typeof ACCESS_MATRIX)[number]) =>
        Object.keys(c.context).length
            ? Object.entries(c.context)
                  .map(([key, value]) => `${key} = ${String(value)}`)
                  .join("; ")
            : "none";
    return [
        "# Access matrix",
        "",
        "Each row is one request to AWS by one of Redis's principals, with the verdict IAM's evaluation logic gives it under Redis's policies, as checked on an IAM policy simulator (not on live AWS). Rows with a finding document a defect of Redis's policy text rather than an intended right.",
        "",
        table(
            ["principal", "action", "resource", "request context", "verdict", "why", "finding"],
            ACCESS_MATRIX.map((c) => [c.principal, code(c.action), code(c.resource), context(c), c.expected, c.why, c.finding ?? ""]),
        ),
        "",
    ].join("\n");
}

/** Distinct findings about Redis's own policy text, with the requests that show them (from the access matrix). */
export function findingItems(): string[] {
    const findings = [...new Set(ACCESS_MATRIX.flatMap((c) => (c.finding ? [c.finding] : [])))];
    return findings.map((finding, index) => {
        const cases = ACCESS_MATRIX.filter((c) => c.finding === finding).map(
            (c) => `${c.principal}: ${code(c.action)} → expected ${c.expected}`,
        );
        return `${index + 1}. ${finding}\n   Shown by: ${[...new Set(cases)].join("; ")}. Every request and its verdict: [access-matrix.md](access-matrix.md).`;
    });
}

export function renderSummary(input: SummaryInput): string {
    const { provenance: p, resources, policies, enforcement, verdicts } = input;
    const mandatory = verdicts.filter((v) => v.enforcementLevel === "mandatory").length;
    const producedBy = [
        `- Generated: ${p.generatedAt}, by ${code(p.command ?? "npm run plan")} (offline: Pulumi's mock engine, no AWS calls, placeholder IDs and ARNs).`,
        `- Git commit: ${p.gitCommit ? `${code(p.gitCommit.commit)}${p.gitCommit.dirty ? " with uncommitted changes" : ""}` : "none (not a git checkout)"}`,
        `- Versions: ${Object.entries(p.versions)
            .map(([name, version]) => `${name} ${code(version)}`)
            .join(", ")}`,
        `- Program: ${p.program ?? "index.ts (this project's per-account program)"}`,
        `- Stack config: ${p.config.source}`,
        "",
        json(maskSecrets(p.config.value)),
        "",
        `- Policy config: ${p.policyConfig.source}`,
        "",
        json(p.policyConfig.value),
        "",
        `- Guardrail args: ${p.guardrail ? p.guardrail.source : "none (no --guardrail)"}`,
        ...(p.guardrail ? ["", json(p.guardrail.value), "", ...p.guardrail.sizes.map((line) => `- Guardrail ${line}`)] : []),
        ...(input.warnings.length ? ["", "Warnings:", "", ...input.warnings.map((w) => `- ${w}`)] : []),
    ];
    const perPolicy = policies.map((policy) => {
        const found = verdicts.filter((v) => v.policy === policy);
        return [code(policy), enforcement[policy] ?? "mandatory", found.length ? `**${found.length} violation(s)**` : "pass"];
    });
    const resourceRows = (group: RegisteredResource[]) =>
        group.map((r) => {
            const found = verdicts.filter((v) => v.resource?.urn === r.urn);
            return [
                code(r.type),
                code(r.name),
                found.length
                    ? found.map((v) => `✖ ${v.policy} [${v.enforcementLevel}]: ${v.message.split("\n").pop()}`).join("<br>")
                    : "✔ pass",
            ];
        });
    const stackRows = verdicts
        .filter((v) => !v.resource)
        .map((v) => ["(stack)", "", `✖ ${v.policy} [${v.enforcementLevel}]: ${v.message.split("\n").pop()}`]);
    // One table per deploying account when the plan spans two (with the guardrail); the stack's own verdicts after them.
    const groups = (input.trees ?? []).filter((t) => t.resources);
    const perResource =
        groups.length > 1
            ? [
                  ...groups.flatMap((t) => [`### ${t.title}`, "", table(["type", "name", "result"], resourceRows(t.resources ?? [])), ""]),
                  ...(stackRows.length ? ["### The whole plan", "", table(["type", "name", "result"], stackRows), ""] : []),
              ]
            : [table(["type", "name", "result"], [...resourceRows(resources), ...stackRows]), ""];
    return [
        "# Review summary",
        "",
        `Verdict: ${mandatory ? `**fails**, ${mandatory} mandatory violation(s)` : "**passes**: no mandatory violations"}; ${verdicts.length} violation(s) in all, over ${resources.length} planned resources.`,
        "",
        "## What produced this folder",
        "",
        ...producedBy,
        "",
        "## Deployment context",
        "",
        ...(input.context ?? ["- Not given."]),
        "",
        "## Resources",
        "",
        ...(input.trees ?? [{ title: "", lines: input.tree }]).flatMap((t) => [
            ...(t.title ? [`### ${t.title}`, ""] : []),
            "```",
            ...t.lines,
            "```",
            "",
        ]),
        ...(input.audit
            ? [
                  `## Findings of the audit of account ${code(input.audit.report.account)}`,
                  "",
                  `From ${input.audit.source}; ${input.audit.report.findings.length} finding(s), beside what this plan does about each.`,
                  "",
                  table(["severity", "code", "resource", "finding", "what the plan does"], auditRows(input.audit.report.findings)),
                  "",
              ]
            : []),
        "## Where the secret access key goes",
        "",
        ...secretDestination(resources),
        "",
        "## Verdicts per policy",
        "",
        table(["policy", "enforcement", "result"], perPolicy),
        "",
        "## Verdicts per resource",
        "",
        ...perResource,
        "## What Redis can do in this account",
        "",
        "Read from the planned policy documents, statement by statement. Each request's verdict on the IAM simulator: [access-matrix.md](access-matrix.md).",
        "",
        ...riskStatements(resources),
        "## Who may assume or use which identity",
        "",
        table(["identity", "who may assume or use it", "policies attached", "trust condition", "limited by"], identityRows(resources)),
        "",
        "## Findings in Redis's own documents",
        "",
        "The component keeps Redis's policy text exactly, as Redis requires; these are reported, not fixed. Not checked against live AWS.",
        "",
        ...findingItems(),
        "",
    ].join("\n");
}
