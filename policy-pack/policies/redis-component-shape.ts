import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { REDIS_IAM_NAMES } from "../../core/redis-documents";
import { ACCESS_KEY_RETIREMENT_GATE_TYPE, REDIS_CLOUD_IAM_TYPE } from "../../core/type-tokens";
import { isRecord } from "../../core/values";
import { isUnknownSentinel, rawProps } from "../lib/sdk-internals";
import {
    CREDENTIAL_SHAPE_OUTPUT,
    type CredentialShape,
    accessKeyChildName,
    consoleLoginChildName,
    retirementGateChildName,
} from "../../core/credential-children";

export const COMPONENT_SHAPE_POLICY_NAME = "redis-component-shape";

const N = REDIS_IAM_NAMES;
/**
 * What a RedisCloudIam component creates, child type by child type: how many,
 * and under which names. Anything else under that type token is forged.
 */
export const COMPONENT_CHILDREN: Readonly<Record<string, { min: number; max: number; names?: readonly string[] }>> = {
    "aws:iam/policy:Policy": { min: 2, max: 2, names: [N.instanceRolePolicy, N.userRestrictedPolicy] },
    "aws:iam/role:Role": { min: 2, max: 2, names: [N.nodeRole, N.consoleRole] },
    "aws:iam/instanceProfile:InstanceProfile": { min: 1, max: 1, names: [N.instanceProfile] },
    "aws:iam/user:User": { min: 1, max: 1, names: [N.user] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { min: 2, max: 2 },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { min: 1, max: 1 },
    "aws:iam/accessKey:AccessKey": { min: 1, max: 2 },
    "aws:iam/userLoginProfile:UserLoginProfile": { min: 0, max: 1 },
    // Held while two keys are live, deleted with the retiring one; it creates nothing in AWS.
    [ACCESS_KEY_RETIREMENT_GATE_TYPE]: { min: 0, max: 1 },
    // One exclusive attachment list and one (empty) exclusive inline-policy list per principal.
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": { min: 2, max: 2 },
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": { min: 2, max: 2 },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": { min: 1, max: 1 },
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": { min: 1, max: 1 },
};

/** The exclusive lists' principal field, and whether the list is of attached policy ARNs or of inline policy names. */
const EXCLUSIVE_LISTS: Readonly<Record<string, { principal: string; list: "policyArns" | "policyNames" }>> = {
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": { principal: "roleName", list: "policyArns" },
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": { principal: "roleName", list: "policyNames" },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": { principal: "userName", list: "policyArns" },
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": { principal: "userName", list: "policyNames" },
};

/** Which policy each principal may carry: the node role and the user theirs, the console role either (a documented choice). */
const POLICIES_BY_PRINCIPAL: Readonly<Record<string, readonly string[]>> = {
    [N.nodeRole]: [N.instanceRolePolicy],
    [N.consoleRole]: [N.instanceRolePolicy, N.userRestrictedPolicy],
    [N.user]: [N.userRestrictedPolicy],
};

/** A known string output or input of a child, or undefined (absent, or unknown at preview). */
function known(resource: PolicyResource, field: string): string | undefined {
    const props = rawProps(resource.props);
    const value = isRecord(props) ? props[field] : undefined;
    return typeof value === "string" && !isUnknownSentinel(value) ? value : undefined;
}
const lastSegment = (nameOrArn: string) => nameOrArn.slice(nameOrArn.lastIndexOf("/") + 1).toLowerCase();
const sameName = (a: string, b: string) => lastSegment(a) === b.toLowerCase();

/**
 * The credentials a component declares in its outputs: the shape, "unknown"
 * while a preview cannot see it yet (decided at `pulumi up`), or a reason it
 * cannot be read.
 */
function declaredCredentials(component: PolicyResource): CredentialShape | "unknown" | { unreadable: string } {
    const outputs = rawProps(component.props);
    const declared = isRecord(outputs) ? outputs[CREDENTIAL_SHAPE_OUTPUT] : undefined;
    if (declared === undefined || declared === null)
        return {
            unreadable: `it declares no ${CREDENTIAL_SHAPE_OUTPUT} output, so its keys and login cannot be told from additions (a forged component, or a RedisCloudIam older than this pack: upgrade it)`,
        };
    if (isUnknownSentinel(declared)) return "unknown";
    const {
        accessKeyGenerations: generations,
        consoleLogin,
        pgpEncrypted,
    } = isRecord(declared) ? declared : ({} as Record<string, unknown>);
    if (Array.isArray(generations) && generations.some(isUnknownSentinel)) return "unknown";
    const wellFormed =
        Array.isArray(generations) &&
        generations.length >= 1 &&
        generations.length <= 2 &&
        generations.every((generation) => typeof generation === "string" && generation.length > 0) &&
        new Set(generations).size === generations.length &&
        typeof consoleLogin === "boolean" &&
        typeof pgpEncrypted === "boolean";
    if (!wellFormed)
        return {
            unreadable: `its ${CREDENTIAL_SHAPE_OUTPUT} output is not what RedisCloudIam declares (one or two distinct generations, consoleLogin and pgpEncrypted as booleans)`,
        };
    return { accessKeyGenerations: generations as string[], consoleLogin, pgpEncrypted };
}

/**
 * Every way a component's keys, retirement gate and login profile differ from
 * the credentials it declares: each must be the child the component names
 * for a declared generation or its login, so that one added under it (with
 * `parent`) shows as an addition even within the counts.
 */
function credentialDifferences(component: PolicyResource, byType: ReadonlyMap<string, PolicyResource[]>): string[] {
    const declared = declaredCredentials(component);
    if (declared === "unknown") return [];
    if ("unreadable" in declared) return [declared.unreadable];
    const found: string[] = [];
    const generations = declared.accessKeyGenerations;
    const expected: [string, string[], string][] = [
        ["aws:iam/accessKey:AccessKey", generations.map((generation) => accessKeyChildName(component.name, generation)), "an access key"],
        [
            ACCESS_KEY_RETIREMENT_GATE_TYPE,
            generations.length === 2 ? [retirementGateChildName(component.name, generations[0])] : [],
            "an access key retirement gate",
        ],
        [
            "aws:iam/userLoginProfile:UserLoginProfile",
            declared.consoleLogin ? [consoleLoginChildName(component.name)] : [],
            "a login profile",
        ],
    ];
    for (const [type, names, what] of expected) {
        const children = byType.get(type) ?? [];
        for (const child of children) {
            if (!names.includes(child.name))
                found.push(
                    `it has ${what} its declared credentials (generations ${generations.join(", ")}, consoleLogin ${declared.consoleLogin}) do not account for: an addition, not its own rotation or login`,
                );
        }
        for (const name of names) {
            if (!children.some((child) => child.name === name)) found.push(`it declares ${what} it does not have`);
        }
    }
    const credentials = [
        ...(byType.get("aws:iam/accessKey:AccessKey") ?? []),
        ...(byType.get("aws:iam/userLoginProfile:UserLoginProfile") ?? []),
    ];
    for (const credential of credentials) {
        const props = rawProps(credential.props);
        const pgpKey = isRecord(props) ? props.pgpKey : undefined;
        if (isUnknownSentinel(pgpKey)) continue;
        const encrypted = typeof pgpKey === "string" && pgpKey.length > 0;
        if (encrypted !== declared.pgpEncrypted)
            found.push(
                `a ${credential.type} child is ${encrypted ? "" : "not "}PGP-encrypted, but the component declares its credentials ${declared.pgpEncrypted ? "" : "not "}encrypted`,
            );
    }
    return found;
}

/** Every way one component's children differ from what the component creates. */
export function shapeDifferences(component: PolicyResource, children: readonly PolicyResource[]): string[] {
    const found: string[] = [];
    const byType = new Map<string, PolicyResource[]>();
    for (const child of children) byType.set(child.type, [...(byType.get(child.type) ?? []), child]);

    for (const type of byType.keys()) {
        if (COMPONENT_CHILDREN[type] === undefined) found.push(`it has a child of type ${type}, which RedisCloudIam never creates`);
    }
    for (const [type, { min, max, names }] of Object.entries(COMPONENT_CHILDREN)) {
        const ofType = byType.get(type) ?? [];
        if (ofType.length < min || ofType.length > max) {
            found.push(`it has ${ofType.length} ${type} (RedisCloudIam creates ${min === max ? min : `${min} to ${max}`})`);
        }
        if (!names) continue;
        const seen = new Set<string>();
        for (const child of ofType) {
            const name = known(child, "name");
            if (name === undefined) continue;
            if (!names.some((expected) => sameName(name, expected))) found.push(`a ${type} child has a name RedisCloudIam never gives`);
            else if (seen.has(name.toLowerCase())) found.push(`two ${type} children have the same name`);
            seen.add(name.toLowerCase());
        }
    }

    const keyCount = (byType.get("aws:iam/accessKey:AccessKey") ?? []).length;
    const gateCount = (byType.get(ACCESS_KEY_RETIREMENT_GATE_TYPE) ?? []).length;
    if (keyCount >= 1 && keyCount <= 2 && gateCount !== keyCount - 1) {
        found.push(
            `it has ${gateCount} access key retirement gate(s) for ${keyCount} access key(s) (RedisCloudIam holds one exactly while two keys are live)`,
        );
    }
    for (const profile of byType.get("aws:iam/instanceProfile:InstanceProfile") ?? []) {
        const role = known(profile, "role");
        if (role !== undefined && !sameName(role, N.nodeRole)) found.push(`its instance profile holds a role other than ${N.nodeRole}`);
    }
    const credentials = [
        ...(byType.get("aws:iam/accessKey:AccessKey") ?? []),
        ...(byType.get("aws:iam/userLoginProfile:UserLoginProfile") ?? []),
    ];
    for (const credential of credentials) {
        const user = known(credential, "user");
        if (user !== undefined && !sameName(user, N.user)) found.push(`a ${credential.type} child is for a user other than ${N.user}`);
    }
    // The component encrypts every credential with the one pgpKey it is given, or none.
    const pgpKeys = new Set(credentials.map((credential) => known(credential, "pgpKey") ?? ""));
    if (pgpKeys.size > 1) found.push("its access keys and login profile are not all encrypted with the same PGP key (or all without one)");

    const attachments = [
        ...(byType.get("aws:iam/rolePolicyAttachment:RolePolicyAttachment") ?? []).map((a) => ({ a, principal: known(a, "role") })),
        ...(byType.get("aws:iam/userPolicyAttachment:UserPolicyAttachment") ?? []).map((a) => ({ a, principal: known(a, "user") })),
    ];
    const attached = new Set<string>();
    for (const { a, principal } of attachments) {
        if (principal === undefined) continue;
        const name = Object.keys(POLICIES_BY_PRINCIPAL).find((candidate) => sameName(principal, candidate));
        if (name === undefined) {
            found.push(`a ${a.type} child attaches to a principal that is not Redis's`);
            continue;
        }
        if (attached.has(name)) found.push(`${name} has more than one policy attachment`);
        attached.add(name);
        const policyArn = known(a, "policyArn");
        if (policyArn !== undefined && !POLICIES_BY_PRINCIPAL[name].some((policy) => sameName(policyArn, policy))) {
            found.push(`${name} carries a policy other than ${POLICIES_BY_PRINCIPAL[name].join(" or ")}`);
        }
    }
    for (const [type, { principal: field, list }] of Object.entries(EXCLUSIVE_LISTS)) {
        const seenPrincipals = new Set<string>();
        for (const exclusive of byType.get(type) ?? []) {
            const principal = known(exclusive, field);
            if (principal === undefined) continue;
            const name = Object.keys(POLICIES_BY_PRINCIPAL).find((candidate) => sameName(principal, candidate));
            if (name === undefined) {
                found.push(`a ${type} child is for a principal that is not Redis's`);
                continue;
            }
            if (seenPrincipals.has(name)) found.push(`${name} has more than one ${type}`);
            seenPrincipals.add(name);
            const props = rawProps(exclusive.props);
            const values = isRecord(props) && Array.isArray(props[list]) ? (props[list] as unknown[]) : [];
            const knownValues = values.filter((value): value is string => typeof value === "string" && !isUnknownSentinel(value));
            if (list === "policyNames" && knownValues.length > 0)
                found.push(`${name}'s exclusive inline-policy list allows inline policies`);
            if (list === "policyArns" && knownValues.some((arn) => !POLICIES_BY_PRINCIPAL[name].some((policy) => sameName(arn, policy)))) {
                found.push(`${name}'s exclusive attachment list allows a policy other than ${POLICIES_BY_PRINCIPAL[name].join(" or ")}`);
            }
            if (list === "policyArns" && values.length !== 1)
                found.push(`${name}'s exclusive attachment list does not hold exactly its one policy`);
        }
    }
    found.push(...credentialDifferences(component, byType));
    return found;
}

/**
 * A forged component is a stack that registers resources under the
 * RedisCloudIam type token to borrow the trust the resource policies give
 * that parent. At stack level the whole shape is visible: each RedisCloudIam
 * must hold exactly what the component creates.
 */
export const redisComponentShape: StackValidationPolicy = {
    name: COMPONENT_SHAPE_POLICY_NAME,
    description:
        "Each RedisCloudIam component in a stack must contain exactly what the component creates: its two policies, two roles, instance profile, user, three attachments with the right policy on each principal, one exclusive attachment list (holding that policy alone) and one empty exclusive inline-policy list per principal, one or two access keys (with one retirement gate while there are two) and at most one login profile for redislabs-user, one PGP key or none; each key, gate and login profile the one its declared credentials (the credentialShape output) name.",
    remediationSteps:
        "Use the RedisCloudIam component as published, and register nothing else under its type token. Remove extra keys, login profiles, instance profiles or attachments declared under it.",
    severity: "critical",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        try {
            const children = new Map<string, PolicyResource[]>();
            for (const resource of args.resources) {
                const parent = resource.parent?.urn;
                if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), resource]);
            }
            for (const component of args.resources.filter((resource) => resource.type === REDIS_CLOUD_IAM_TYPE)) {
                for (const difference of shapeDifferences(component, children.get(component.urn) ?? [])) {
                    reportViolation(
                        `This RedisCloudIam component is not what the component creates: ${difference}. Declare it with RedisCloudIam itself, and add nothing under it.`,
                        component.urn,
                    );
                }
            }
        } catch {
            reportViolation(`${COMPONENT_SHAPE_POLICY_NAME} could not read the stack's resources, so it cannot allow them.`);
        }
    },
};
