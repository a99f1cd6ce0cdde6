import * as assert from "assert";
import {
    REDIS_DOCUMENTS_REVISION,
    REDIS_DOCUMENT_REVISIONS,
    REDIS_POLICIES,
    REDIS_TRUST_POLICIES,
    type RedisDocumentRevision,
} from "../../components";
import type { PolicyDocument } from "../../core/policy-document";
import { checkPackConfig } from "../../plan/pack-config";
import { DEFAULT_ACCEPTED_REVISIONS, acceptedRevisions, differencesFromRevisions } from "../../policy-pack/policies/redis-iam-canonical";

const NAME = "RedislabsIAMUserRestrictedPolicy";
const current = REDIS_DOCUMENT_REVISIONS[0];
/** A made-up earlier revision whose user policy lacks a statement: what an organisation's old components still deploy. */
const withoutLast = (document: PolicyDocument): PolicyDocument => ({ ...document, Statement: document.Statement.slice(0, -1) });
const previous: RedisDocumentRevision = {
    id: "2024-01",
    source: "test",
    policies: { ...current.policies, [NAME]: withoutLast(current.policies[NAME]) },
    trustPolicies: current.trustPolicies,
};
const userPolicyOf = (r: RedisDocumentRevision) => r.policies[NAME];

describe("revisions of Redis's documents", () => {
    it("the current revision is first and holds the documents the component deploys", () => {
        assert.strictEqual(current.id, REDIS_DOCUMENTS_REVISION);
        assert.strictEqual(current.policies, REDIS_POLICIES);
        assert.strictEqual(current.trustPolicies, REDIS_TRUST_POLICIES);
        assert.deepStrictEqual(new Set(REDIS_DOCUMENT_REVISIONS.map((r) => r.id)).size, REDIS_DOCUMENT_REVISIONS.length, "ids are unique");
        for (const r of REDIS_DOCUMENT_REVISIONS) assert.match(r.id, /^\d{4}-\d{2}$/);
    });

    it("by default the pack accepts the current revision and the one before", () => {
        assert.deepStrictEqual(
            DEFAULT_ACCEPTED_REVISIONS,
            REDIS_DOCUMENT_REVISIONS.slice(0, 2).map((r) => r.id),
        );
        assert.deepStrictEqual(
            acceptedRevisions(undefined).map((r) => r.id),
            DEFAULT_ACCEPTED_REVISIONS,
        );
        assert.deepStrictEqual(
            acceptedRevisions([REDIS_DOCUMENTS_REVISION]).map((r) => r.id),
            [REDIS_DOCUMENTS_REVISION],
        );
        // A pack never throws on config: ids it does not know fall back to the default (the config schema refuses them first).
        assert.deepStrictEqual(
            acceptedRevisions(["1999-01"]).map((r) => r.id),
            DEFAULT_ACCEPTED_REVISIONS,
        );
        assert.deepStrictEqual(
            acceptedRevisions("2025-05").map((r) => r.id),
            DEFAULT_ACCEPTED_REVISIONS,
        );
    });

    it("a document equal to any accepted revision passes; one equal to a revision no longer accepted does not", () => {
        const oldText = userPolicyOf(previous);
        assert.deepStrictEqual(differencesFromRevisions(oldText, [current, previous], userPolicyOf), [], "upgrade window: both pass");
        assert.deepStrictEqual(differencesFromRevisions(userPolicyOf(current), [current, previous], userPolicyOf), []);
        const afterWindow = differencesFromRevisions(oldText, [current], userPolicyOf);
        assert.ok(afterWindow.length > 0, "the old text is refused once only the new revision is accepted");
        assert.deepStrictEqual(
            differencesFromRevisions({ Version: "2012-10-17", Statement: [] }, [current, previous], userPolicyOf),
            differencesFromRevisions({ Version: "2012-10-17", Statement: [] }, [current], userPolicyOf),
            "differences are reported against the newest accepted revision",
        );
    });

    it("the pack's config schema takes known revision ids only", () => {
        assert.deepStrictEqual(checkPackConfig({ "redis-iam-canonical": { acceptedRevisions: [REDIS_DOCUMENTS_REVISION] } }), []);
        assert.deepStrictEqual(checkPackConfig({ "redis-iam-canonical": { acceptedRevisions: ["2024-01"] } }), [
            `"redis-iam-canonical".acceptedRevisions[0]: must be one of ${REDIS_DOCUMENT_REVISIONS.map((r) => `"${r.id}"`).join(", ")}`,
        ]);
        assert.match(
            checkPackConfig({ "redis-iam-canonical": { acceptedRevisions: [] } }).join(),
            /acceptedRevisions: must NOT have fewer than 1 items/,
        );
    });
});
