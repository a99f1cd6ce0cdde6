/**
 * Accounts as each source leaves them, built through the AWS SDK against moto:
 * Redis's console steps, Redis's CloudFormation template, and drifted variants
 * of both. Each fixture is a list of plain SDK calls, as the source makes them.
 */
import { generateKeyPairSync } from "crypto";
import * as iam from "@aws-sdk/client-iam";
import * as organizations from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DEFAULT_GUARDRAIL_POLICY_NAME } from "../../core/guardrail-policy";
import {
    REDIS_IAM_NAMES,
    consoleRoleTrustPolicy,
    instanceRolePolicy,
    nodeRoleTrustPolicy,
    userRestrictedPolicy,
} from "../../core/redis-documents";
import type { PolicyDocument } from "../../core/policy-document";
import { MOTO_ACCOUNT_ID } from "./moto-server";

export const client = () => new iam.IAMClient({});
const policyArn = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT_ID}:policy/${name}`;
export const ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

/** What a fixture left behind that a test may need: IDs and the secrets that must never be printed. */
export interface Built {
    accessKeyIds: string[];
    secrets: string[];
}

export interface RedisAccountOptions {
    /** Which policy the console role gets: the mid-2025 console steps attach the instance policy, CloudFormation the user policy. */
    consolePolicy: string;
    /** The AWS console creates it silently with an EC2 role; CloudFormation declares it. */
    instanceProfile: boolean;
    loginProfile: boolean;
    tags?: iam.Tag[];
    userPolicy?: PolicyDocument;
    consoleTrust?: PolicyDocument;
}

/** Redis's five resources and the instance profile, as the console steps or the CloudFormation template create them. */
export async function buildRedisAccount(options: RedisAccountOptions): Promise<Built> {
    const aws = client();
    const Tags = options.tags;
    await aws.send(
        new iam.CreatePolicyCommand({
            PolicyName: REDIS_IAM_NAMES.instanceRolePolicy,
            PolicyDocument: JSON.stringify(instanceRolePolicy),
            Tags,
        }),
    );
    await aws.send(
        new iam.CreateRoleCommand({
            RoleName: REDIS_IAM_NAMES.nodeRole,
            AssumeRolePolicyDocument: JSON.stringify(nodeRoleTrustPolicy),
            Tags,
        }),
    );
    await aws.send(
        new iam.AttachRolePolicyCommand({ RoleName: REDIS_IAM_NAMES.nodeRole, PolicyArn: policyArn(REDIS_IAM_NAMES.instanceRolePolicy) }),
    );
    if (options.instanceProfile) {
        await aws.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: REDIS_IAM_NAMES.instanceProfile, Tags }));
        await aws.send(
            new iam.AddRoleToInstanceProfileCommand({
                InstanceProfileName: REDIS_IAM_NAMES.instanceProfile,
                RoleName: REDIS_IAM_NAMES.nodeRole,
            }),
        );
    }
    await aws.send(
        new iam.CreatePolicyCommand({
            PolicyName: REDIS_IAM_NAMES.userRestrictedPolicy,
            PolicyDocument: JSON.stringify(options.userPolicy ?? userRestrictedPolicy),
            Tags,
        }),
    );
    await aws.send(new iam.CreateUserCommand({ UserName: REDIS_IAM_NAMES.user, Tags }));
    await aws.send(
        new iam.AttachUserPolicyCommand({ UserName: REDIS_IAM_NAMES.user, PolicyArn: policyArn(REDIS_IAM_NAMES.userRestrictedPolicy) }),
    );
    const key = await aws.send(new iam.CreateAccessKeyCommand({ UserName: REDIS_IAM_NAMES.user }));
    const built: Built = { accessKeyIds: [key.AccessKey!.AccessKeyId!], secrets: [key.AccessKey!.SecretAccessKey!] };
    if (options.loginProfile) {
        const password = "Fixture-Console-Password-0123456789";
        await aws.send(
            new iam.CreateLoginProfileCommand({ UserName: REDIS_IAM_NAMES.user, Password: password, PasswordResetRequired: false }),
        );
        built.secrets.push(password);
    }
    await aws.send(
        new iam.CreateRoleCommand({
            RoleName: REDIS_IAM_NAMES.consoleRole,
            AssumeRolePolicyDocument: JSON.stringify(options.consoleTrust ?? consoleRoleTrustPolicy),
            Tags,
        }),
    );
    await aws.send(new iam.AttachRolePolicyCommand({ RoleName: REDIS_IAM_NAMES.consoleRole, PolicyArn: policyArn(options.consolePolicy) }));
    return built;
}

/** Redis's console steps (mid-2025 page), with the instance profile the console creates silently. */
export const consoleSteps = () =>
    buildRedisAccount({ consolePolicy: REDIS_IAM_NAMES.instanceRolePolicy, instanceProfile: true, loginProfile: false });

/** Redis's CloudFormation template: the user policy on the console role, a console password, everything tagged UsedBy=RedisLabs. */
export const cloudFormation = () =>
    buildRedisAccount({
        consolePolicy: REDIS_IAM_NAMES.userRestrictedPolicy,
        instanceProfile: true,
        loginProfile: true,
        tags: [{ Key: "UsedBy", Value: "RedisLabs" }],
    });

/** An older, wider user policy: one more statement allowing every EC2 action. */
export const widerOldUserPolicy: PolicyDocument = {
    ...userRestrictedPolicy,
    Statement: [...userRestrictedPolicy.Statement, { Sid: "LegacyEc2FullAccess", Effect: "Allow", Action: "ec2:*", Resource: "*" }],
};

const consoleTrustWith = (condition: NonNullable<PolicyDocument["Statement"][number]["Condition"]> | undefined): PolicyDocument => ({
    ...consoleRoleTrustPolicy,
    Statement: [{ ...consoleRoleTrustPolicy.Statement[0], Condition: condition }],
});
/** The console role trust with an external ID, as a hand-made "third-party access" role would have it. */
export const trustWithExternalId = consoleTrustWith({
    Bool: { "aws:MultiFactorAuthPresent": "true" },
    StringEquals: { "sts:ExternalId": "redis-cloud" },
});
/** The console role trust without Require MFA. */
export const trustWithoutMfa = consoleTrustWith(undefined);

/** A second key for redislabs-user; returns its ID and secret. */
export async function addAccessKey(built: Built): Promise<void> {
    const key = await client().send(new iam.CreateAccessKeyCommand({ UserName: REDIS_IAM_NAMES.user }));
    built.accessKeyIds.push(key.AccessKey!.AccessKeyId!);
    built.secrets.push(key.AccessKey!.SecretAccessKey!);
}

/** Makes one call with the user's key, as Redis Cloud does, so IAM records its last use. */
export async function useAccessKey(accessKeyId: string, secretAccessKey: string): Promise<void> {
    await new STSClient({ credentials: { accessKeyId, secretAccessKey } }).send(new GetCallerIdentityCommand({}));
}

/** An OpenSSH `ssh-rsa` public key line, for CodeCommit. */
export function sshPublicKey(): string {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = publicKey.export({ format: "jwk" });
    const field = (bytes: Buffer) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(bytes.length);
        return Buffer.concat([length, bytes]);
    };
    const mpint = (base64url: string) => {
        const bytes = Buffer.from(base64url, "base64url");
        return field(bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
    };
    const blob = Buffer.concat([field(Buffer.from("ssh-rsa")), mpint(jwk.e!), mpint(jwk.n!)]);
    return `ssh-rsa ${blob.toString("base64")} fixture`;
}

/** An organization whose root carries the RedisManagedGuardrail SCP (or not). */
export async function organizationWithGuardrail(guardrail: boolean): Promise<void> {
    const org = new organizations.OrganizationsClient({});
    await org.send(new organizations.CreateOrganizationCommand({ FeatureSet: "ALL" }));
    if (!guardrail) return;
    const root = (await org.send(new organizations.ListRootsCommand({}))).Roots![0];
    await org
        .send(new organizations.EnablePolicyTypeCommand({ RootId: root.Id!, PolicyType: "SERVICE_CONTROL_POLICY" }))
        .catch(() => undefined);
    const policy = await org.send(
        new organizations.CreatePolicyCommand({
            Name: DEFAULT_GUARDRAIL_POLICY_NAME,
            Description: "fixture",
            Type: "SERVICE_CONTROL_POLICY",
            Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "iam:DeleteRole", Resource: "*" }] }),
        }),
    );
    await org.send(new organizations.AttachPolicyCommand({ PolicyId: policy.Policy!.PolicySummary!.Id!, TargetId: root.Id! }));
}
