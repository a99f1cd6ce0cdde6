/**
 * Runs access-matrix cases through the IAM policy simulator
 * `@cloud-copilot/iam-simulate`, with Redis's canonical documents attached as
 * the component attaches them.
 *
 * The simulator is AGPL-licensed: it is a devDependency for tests and scripts
 * only, and must never be imported by `components/` or `policy-pack/`.
 */
import {
    getDenialReasons,
    getGrantReasons,
    runSimulation,
    type EvaluationResult,
    type RequestAnalysis,
    type Simulation,
} from "@cloud-copilot/iam-simulate";
import type { IamAction, PolicyDocument } from "../core/policy-document";
import { REDIS_POLICIES, REDIS_TRUST_POLICIES } from "../core/redis-documents";
import { ACCOUNT_ID, iamArn, principal, type AccessCase, type RequestContext, type Verdict } from "./access-requests";
import { type TrustCase } from "./access-matrix";
import { conditionKeyAppliesTo } from "./iam-data";

// The matrix's verdicts are exactly the simulator's outcomes.
const sameOutcomes: [EvaluationResult, Verdict] extends [Verdict, EvaluationResult] ? true : never = true;
void sameOutcomes;

/** What the simulator decided, and which statements decided it. */
export interface SimulatedVerdict {
    verdict: Verdict;
    /** E.g. `Deny: RedislabsIAMUserRestrictedPolicy / ForceUnderlyingResourcesToHaveIdentifierTags`. */
    decidedBy: string[];
}

/** The request itself is malformed (wrong resource type, a key AWS does not set for it): fix the case, not the assertion. */
export class InvalidRequestError extends Error {
    override name = "InvalidRequestError";
}

/** AWS's default key policy: it lets the account's IAM policies decide who may use the key. */
const DEFAULT_KEY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "Enable IAM User Permissions",
            Effect: "Allow",
            Principal: { AWS: iamArn("root") },
            Action: "kms:*",
            Resource: "*",
        },
    ],
};

/** Resource policies a request meets besides the principal's own: KMS needs a key policy before IAM counts. */
const RESOURCE_POLICIES_BY_SERVICE: Readonly<Record<string, { label: string; document: PolicyDocument }>> = {
    kms: { label: "default key policy", document: DEFAULT_KEY_POLICY },
};

/**
 * Stands in for the policies of a caller in another account, which must allow
 * `sts:AssumeRole` too; with it, only the role's trust policy decides.
 */
const CALLER_MAY_ASSUME_ROLES: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
};
const CALLER_POLICY_NAME = "caller's own policy (allows sts:AssumeRole)";

const POLICY_KIND_LABELS: Readonly<Record<string, string>> = {
    identity: "identity policy",
    pb: "permissions boundary",
    scp: "service control policy",
    rcp: "resource control policy",
    vpce: "VPC endpoint policy",
    "s3-bpa": "S3 Block Public Access",
};

const serviceOf = (action: string) => action.slice(0, action.indexOf(":"));
const statementName = (sid: string | undefined, index: number) => sid ?? `statement ${index}`;
const mutableContext = (context: RequestContext): Record<string, string | string[]> =>
    Object.fromEntries(Object.entries(context).map(([key, value]) => [key, typeof value === "string" ? value : [...value]]));

/** The decisive statements, as `Allow: <policy> / <Sid>`, `Deny: ...`, or `no statement allows it (<policy kind>)`. */
function decisiveStatements(analysis: RequestAnalysis, resourcePolicyLabel: string): string[] {
    const kind = (policyType: string) => (policyType === "resource" ? resourcePolicyLabel : (POLICY_KIND_LABELS[policyType] ?? policyType));
    const denials = getDenialReasons(analysis).map((denial) =>
        denial.denialType === "Explicit"
            ? `Deny: ${denial.policyIdentifier ?? kind(denial.policyType)} / ${statementName(denial.statementId, denial.statementIndex)}`
            : `no statement allows it (${kind(denial.policyType)})`,
    );
    const grants = getGrantReasons(analysis).map(
        (grant) =>
            `Allow: ${grant.policyType === "resource" ? resourcePolicyLabel : grant.policyIdentifier} / ${statementName(grant.statementId, grant.statementIndex)}`,
    );
    return [...denials, ...grants];
}

/**
 * Runs one simulation in the simulator's strict mode and returns its verdict.
 * Throws {@link InvalidRequestError} when the simulator rejects the request, or
 * would drop a context key, or a key is one AWS does not set for this action
 * and resource type: the simulator alone accepts any key of the resource type.
 */
async function evaluate(simulation: Simulation, resourcePolicyLabel: string): Promise<SimulatedVerdict> {
    const { action, resource, contextVariables } = simulation.request;
    const request = `${action} on ${resource.resource}`;
    const outcome = await runSimulation(simulation, { simulationMode: "Strict" });
    if (outcome.resultType === "error") {
        throw new InvalidRequestError(`${request}: the simulator rejects the request: ${JSON.stringify(outcome.errors)}`);
    }
    if (outcome.resultType !== "single") {
        throw new InvalidRequestError(`${request}: name one concrete resource, or * for an action AWS authorises only on *`);
    }
    const ignored = outcome.result.ignoredContextKeys ?? [];
    if (ignored.length > 0) {
        throw new InvalidRequestError(`${request}: the simulator ignores context keys ${ignored.join(", ")}`);
    }
    for (const key of Object.keys(contextVariables)) {
        if (!(await conditionKeyAppliesTo(key, action as IamAction, outcome.result.resourceType))) {
            throw new InvalidRequestError(
                `${request}: AWS does not set ${key} for this action on resource type ${outcome.result.resourceType ?? "*"}`,
            );
        }
    }
    return { verdict: outcome.overallResult, decidedBy: decisiveStatements(outcome.result.analysis, resourcePolicyLabel) };
}

/** The verdict on one access-matrix case, with the principal's canonical policy attached. */
export async function simulateCase(accessCase: AccessCase): Promise<SimulatedVerdict> {
    const who = principal(accessCase.principal);
    const policy = REDIS_POLICIES[who.policyName];
    if (!policy) throw new Error(`no canonical policy named ${who.policyName}`);
    const resourcePolicy = RESOURCE_POLICIES_BY_SERVICE[serviceOf(accessCase.action)];
    return evaluate(
        {
            request: {
                principal: who.arn,
                action: accessCase.action,
                resource: { resource: accessCase.resource, accountId: ACCOUNT_ID },
                contextVariables: mutableContext({ ...who.sessionContext, ...accessCase.context }),
            },
            identityPolicies: [{ name: who.policyName, policy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: resourcePolicy?.document,
        },
        resourcePolicy?.label ?? "resource policy",
    );
}

/** The verdict on one trust case: `sts:AssumeRole` on the role, judged by its canonical trust policy. */
export async function simulateTrustCase(trustCase: TrustCase): Promise<SimulatedVerdict> {
    const callerIsService = !trustCase.caller.startsWith("arn:");
    return evaluate(
        {
            request: {
                principal: trustCase.caller,
                action: "sts:AssumeRole",
                resource: { resource: iamArn(`role/${trustCase.role}`), accountId: ACCOUNT_ID },
                contextVariables: mutableContext(trustCase.context),
            },
            // A service principal has no identity policies; an IAM caller's account must allow the call too.
            identityPolicies: callerIsService ? [] : [{ name: CALLER_POLICY_NAME, policy: CALLER_MAY_ASSUME_ROLES }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: REDIS_TRUST_POLICIES[trustCase.role],
        },
        "trust policy",
    );
}

/** The verdict on one request by a principal whose only policy is `policy` (no SCP, no boundary, no resource policy). */
export async function simulateIdentityPolicy(
    policyName: string,
    policy: PolicyDocument,
    action: IamAction,
    resource: string,
    principalArn = iamArn("role/auditor"),
): Promise<SimulatedVerdict> {
    return evaluate(
        {
            request: { principal: principalArn, action, resource: { resource, accountId: ACCOUNT_ID }, contextVariables: {} },
            identityPolicies: [{ name: policyName, policy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        "resource policy",
    );
}
