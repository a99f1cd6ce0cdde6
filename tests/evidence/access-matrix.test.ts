/**
 * The access matrix (evidence/access-matrix.ts), judged by the IAM policy
 * simulator: every case gets the verdict it expects, and docs/access.md is the
 * report of exactly these verdicts.
 */
import * as assert from "assert";
import * as fs from "fs";
import { ConsoleRolePolicy } from "../../core/console-role-policy";
import { REDIS_IAM_NAMES, REDIS_TAG_KEY, REDIS_TAG_VALUE } from "../../core/redis-documents";
import { ACCOUNT_ID, PRINCIPALS, REGION, consoleRolePrincipal, type AccessCase } from "../../evidence/access-requests";
import { ACCESS_MATRIX, TRUST_MATRIX } from "../../evidence/access-matrix";
import { InvalidRequestError, simulateCase, simulateTrustCase } from "../../evidence/simulate";
import { ACCESS_REPORT_PATH, renderAccessReport } from "../../scripts/access-report";

const describeCase = (accessCase: AccessCase) =>
    `${accessCase.action} on ${accessCase.resource}` +
    (Object.keys(accessCase.context).length ? ` with ${JSON.stringify(accessCase.context)}` : " without context");

describe("the access matrix", () => {
    it("has at least 40 cases", () => {
        assert.ok(ACCESS_MATRIX.length >= 40, `only ${ACCESS_MATRIX.length} cases`);
    });

    it("puts requests to every principal, the console role once per console-role-policy choice", () => {
        const expectedPrincipals = [
            REDIS_IAM_NAMES.user,
            REDIS_IAM_NAMES.nodeRole,
            ...Object.values(ConsoleRolePolicy).map(consoleRolePrincipal),
        ].sort();
        assert.deepStrictEqual(PRINCIPALS.map((who) => who.id).sort(), expectedPrincipals);
        for (const who of PRINCIPALS) {
            assert.ok(
                ACCESS_MATRIX.some((accessCase) => accessCase.principal === who.id),
                `no case for ${who.id}`,
            );
        }
    });

    for (const principalId of PRINCIPALS.map((who) => who.id)) {
        describe(principalId, () => {
            for (const accessCase of ACCESS_MATRIX.filter((candidate) => candidate.principal === principalId)) {
                it(`${describeCase(accessCase)}: ${accessCase.expected}`, async () => {
                    const { verdict, decidedBy } = await simulateCase(accessCase);
                    assert.strictEqual(verdict, accessCase.expected, `${accessCase.why} (simulator: ${decidedBy.join("; ")})`);
                });
            }
        });
    }

    describe("who may assume the roles", () => {
        for (const trustCase of TRUST_MATRIX) {
            it(`${trustCase.caller} assumes ${trustCase.role} with ${JSON.stringify(trustCase.context)}: ${trustCase.expected}`, async () => {
                const { verdict, decidedBy } = await simulateTrustCase(trustCase);
                assert.strictEqual(verdict, trustCase.expected, `${trustCase.why} (simulator: ${decidedBy.join("; ")})`);
            });
        }
    });
});

describe("the simulator wrapper refuses malformed requests instead of judging them", () => {
    const user = REDIS_IAM_NAMES.user;
    const base: AccessCase = {
        principal: user,
        action: "ec2:CreateKeyPair",
        resource: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:key-pair/x`,
        context: {},
        expected: "Allowed",
        why: "control",
    };

    it("accepts the well-formed control request", async () => {
        assert.strictEqual((await simulateCase(base)).verdict, "Allowed");
    });

    it("rejects the Deny's `keypair/` spelling: no resource type of ec2:CreateKeyPair has that ARN (the key-pair finding)", async () => {
        await assert.rejects(simulateCase({ ...base, resource: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:keypair/x` }), (error: Error) => {
            assert.ok(error instanceof InvalidRequestError);
            assert.match(error.message, /no\.resource\.types/);
            return true;
        });
    });

    it("rejects a context key AWS does not define", async () => {
        await assert.rejects(
            simulateCase({
                ...base,
                action: "kms:CreateGrant",
                resource: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/k`,
                context: { "kms:MadeUp": "true" },
            }),
            InvalidRequestError,
        );
    });

    it("rejects a key AWS does not set for this action and resource type, though the simulator alone would accept it", async () => {
        await assert.rejects(
            simulateCase({
                ...base,
                action: "ec2:CreateVolume",
                resource: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:volume/vol-1`,
                context: { [`ec2:ResourceTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE },
            }),
            /AWS does not set ec2:ResourceTag\/.* for this action on resource type volume/,
        );
    });

    it("rejects a wildcard resource for an action that AWS authorises per resource", async () => {
        await assert.rejects(simulateCase({ ...base, resource: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:key-pair/*` }), InvalidRequestError);
    });
});

describe("docs/access.md", () => {
    it("is the report of the current matrix and verdicts (run `npm run access-report` to regenerate it)", async () => {
        const committed = fs.existsSync(ACCESS_REPORT_PATH) ? fs.readFileSync(ACCESS_REPORT_PATH, "utf8") : "";
        assert.strictEqual(
            committed,
            await renderAccessReport(),
            "docs/access.md is out of date: run `npm run access-report` and commit the result",
        );
    });
});
