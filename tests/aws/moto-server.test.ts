import * as assert from "assert";
import { CreateUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { moto } from "./hooks";
import { MOTO_ACCOUNT_ID } from "./moto-server";

describe("the moto harness", () => {
    it("serves on loopback only, and the SDK reaches it through AWS_ENDPOINT_URL", async () => {
        assert.match(moto().endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.strictEqual(process.env.AWS_ENDPOINT_URL, moto().endpoint);
        const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
        assert.strictEqual(identity.Account, MOTO_ACCOUNT_ID);
    });

    it("leaves state behind within a test ...", async () => {
        const iam = new IAMClient({});
        await iam.send(new CreateUserCommand({ UserName: "left-behind" }));
        assert.deepStrictEqual(
            (await iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName),
            ["left-behind"],
        );
    });

    it("... that the reset between tests removes", async () => {
        assert.deepStrictEqual((await new IAMClient({}).send(new ListUsersCommand({}))).Users, []);
    });
});
