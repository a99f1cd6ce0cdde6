import * as assert from "assert";
import {
    REDIS_POLICIES,
    consoleRoleTrustPolicy,
    describePolicyDifferences,
    instanceRolePolicy,
    normalizePolicy,
    userRestrictedPolicy,
} from "../../components";
import * as fs from "fs";
import { SEED_DOC, SHARED_SEED_DOC, seedPolicyBlocks } from "../helpers";

describe("the canonical Redis documents", () => {
    it("equal the JSON of Redis's console-steps page, step 1 and step 3, exactly", () => {
        const blocks = seedPolicyBlocks();
        assert.strictEqual(blocks.length, 2, "the page has two policy blocks");
        assert.deepStrictEqual(instanceRolePolicy, blocks[0]);
        assert.deepStrictEqual(userRestrictedPolicy, blocks[1]);
    });

    it("are semantically equal to the seed after normalisation, statement by statement", () => {
        const [instance, user] = seedPolicyBlocks();
        assert.deepStrictEqual(normalizePolicy(instanceRolePolicy), normalizePolicy(instance));
        assert.deepStrictEqual(normalizePolicy(userRestrictedPolicy), normalizePolicy(user));
        assert.deepStrictEqual(describePolicyDifferences(JSON.stringify(user), userRestrictedPolicy), []);
    });

    it("are tested against a copy of the seed page that matches shared/reference, where that is beside the clone", function () {
        if (!fs.existsSync(SHARED_SEED_DOC)) this.skip();
        assert.strictEqual(fs.readFileSync(SEED_DOC, "utf8"), fs.readFileSync(SHARED_SEED_DOC, "utf8"));
    });

    it("are indexed by their AWS names", () => {
        assert.deepStrictEqual(Object.keys(REDIS_POLICIES).sort(), ["RedisLabsInstanceRolePolicy", "RedislabsIAMUserRestrictedPolicy"]);
    });
});

describe("describePolicyDifferences", () => {
    it("treats single values and one-element lists, and reordered lists, as equal", () => {
        const reordered = JSON.parse(JSON.stringify(instanceRolePolicy));
        reordered.Statement[0].Action.reverse();
        reordered.Statement[3].Resource = "*";
        assert.deepStrictEqual(describePolicyDifferences(reordered, instanceRolePolicy), []);
    });

    it("names the statement and the missing canonical action, and counts extra values without quoting them", () => {
        const widened = JSON.parse(JSON.stringify(instanceRolePolicy));
        widened.Statement[1].Action = ["ec2:AttachVolume", "ec2:DetachVolume-SECRET"];
        const differences = describePolicyDifferences(widened, instanceRolePolicy);
        assert.deepStrictEqual(differences, [
            'statement "EC2EBSActions": Action lacks ec2:CreateVolume',
            'statement "EC2EBSActions": Action has 1 value(s) not in Redis\'s document',
        ]);
        assert.ok(!differences.join(" ").includes("SECRET"));
    });

    it("reports a changed condition, a missing statement and an extra statement", () => {
        const changed = JSON.parse(JSON.stringify(consoleRoleTrustPolicy));
        changed.Statement[0].Condition = { StringEquals: { "sts:ExternalId": "abc" } };
        assert.deepStrictEqual(describePolicyDifferences(changed, consoleRoleTrustPolicy), [
            "the unnamed statement: Condition differs from Redis's document",
        ]);
        const swapped = { Version: "2012-10-17", Statement: [{ Sid: "Other", Effect: "Allow", Action: "*", Resource: "*" }] };
        assert.deepStrictEqual(describePolicyDifferences(swapped, instanceRolePolicy).slice(-2), [
            'statement "TagResourcesDelete" is missing',
            "1 statement(s) not in Redis's document",
        ]);
    });

    it("never throws on malformed input", () => {
        for (const bad of [undefined, null, 42, "", "{", "[]", { Statement: 5 }, { Statement: [{ Action: 5 }] }, { Statement: [null] }]) {
            const result = describePolicyDifferences(bad, instanceRolePolicy);
            assert.strictEqual(result.length, 1);
            assert.match(result[0], /not a well-formed IAM policy/);
        }
    });
});
