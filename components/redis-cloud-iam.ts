import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import {
    REDIS_IAM_NAMES,
    consoleRoleTrustPolicy,
    instanceRolePolicy,
    nodeRoleTrustPolicy,
    userRestrictedPolicy,
} from "../core/redis-documents";
import { type RedisCloudIamArgs, validateRedisCloudIamArgs } from "./redis-cloud-iam-args";
import { AccessKeyRetirementGate } from "./access-key-retirement-gate";

import { REDIS_CLOUD_IAM_TYPE } from "../core/type-tokens";
import {
    ADOPTED_ACCESS_KEY_IGNORE_CHANGES,
    ADOPTION_IGNORE_CHANGES,
    AdoptableChild,
    EXCLUSIVE_LIST_IGNORE_CHANGES,
    adoptionImportIds,
} from "../core/adoption";

import { CONSOLE_ROLE_POLICY_NAMES, ConsoleRolePolicy } from "../core/console-role-policy";
import { type CredentialShape, accessKeyChildName, consoleLoginChildName, retirementGateChildName } from "../core/credential-children";
import type { PolicyDocument } from "../core/policy-document";

/** Compile-time proof that the core's stricter documents are valid `@pulumi/aws` policy documents. */
type AssignableToAwsPolicyDocument = PolicyDocument extends iam.PolicyDocument ? true : never;
const stricterThanAws: AssignableToAwsPolicyDocument = true;
void stricterThanAws;

/** The console sign-in host per AWS partition, read from the user's ARN. */
const SIGN_IN_HOSTS: Readonly<Record<string, string>> = {
    aws: "signin.aws.amazon.com",
    "aws-cn": "signin.amazonaws.cn",
    "aws-us-gov": "signin.amazonaws-us-gov.com",
};

/** Exactly what the Redis Cloud console's "Add cloud account" form asks for. */
export interface RedisCloudConsoleCredentials {
    /** Access key ID of `redislabs-user`'s current key. */
    accessKeyId: string;
    /** Its secret access key; PGP-encrypted base64 when `pgpKey` is set (decrypt it before pasting). */
    secretAccessKey: string;
    /** Name of the console role, `redislabs-role`. */
    iamRoleName: string;
}

/**
 * The AWS IAM resources Redis Cloud BYOC needs, as Redis's five console steps
 * create them, plus the instance profile the console creates silently.
 * Names are fixed by Redis (see `REDIS_IAM_NAMES`); at most one per account.
 */
export class RedisCloudIam extends pulumi.ComponentResource {
    /** ARN of `RedisLabsInstanceRolePolicy`. */
    public readonly instanceRolePolicyArn: pulumi.Output<string>;
    /** ARN of `RedislabsIAMUserRestrictedPolicy`. */
    public readonly userRestrictedPolicyArn: pulumi.Output<string>;
    /** Name of the EC2 node role, `redislabs-cluster-node-role`. */
    public readonly nodeRoleName: pulumi.Output<string>;
    /** ARN of the EC2 node role. */
    public readonly nodeRoleArn: pulumi.Output<string>;
    /** Name of the node role's instance profile, `redislabs-cluster-node-role`. */
    public readonly instanceProfileName: pulumi.Output<string>;
    /** ARN of the node role's instance profile. */
    public readonly instanceProfileArn: pulumi.Output<string>;
    /** Name of the programmatic user, `redislabs-user`. */
    public readonly userName: pulumi.Output<string>;
    /** ARN of the programmatic user. */
    public readonly userArn: pulumi.Output<string>;
    /** Name of the console role, `redislabs-role`. */
    public readonly consoleRoleName: pulumi.Output<string>;
    /** ARN of the console role. */
    public readonly consoleRoleArn: pulumi.Output<string>;
    /** AWS name of the policy attached to the console role. */
    public readonly consoleRolePolicyName: pulumi.Output<string>;
    /** Access key ID of the current key. */
    public readonly accessKeyId: pulumi.Output<string>;
    /** Secret access key of the current key (secret). Empty when `pgpKey` is set. */
    public readonly secretAccessKey: pulumi.Output<string>;
    /** PGP-encrypted, base64 secret access key of the current key (secret). Only when `pgpKey` is set. */
    public readonly encryptedSecretAccessKey: pulumi.Output<string>;
    /** The three values the Redis Cloud console asks for (secret, since it holds the secret key). */
    public readonly redisCloudConsole: pulumi.Output<RedisCloudConsoleCredentials>;
    /** With `consoleLogin`: the console username, `redislabs-user`. */
    public readonly consoleUsername?: pulumi.Output<string>;
    /** With `consoleLogin`: the console password (secret). Empty when `pgpKey` is set. */
    public readonly consolePassword?: pulumi.Output<string>;
    /** With `consoleLogin` and `pgpKey`: the PGP-encrypted, base64 console password (secret). */
    public readonly encryptedConsolePassword?: pulumi.Output<string>;
    /** With `consoleLogin`: the account's console sign-in URL. */
    public readonly signInUrl?: pulumi.Output<string>;
    /**
     * What it created for `redislabs-user`'s credentials: the access key generations, whether there is a console
     * login, whether they are PGP-encrypted. The guard pack reads it to tell the component's own keys and login from additions.
     */
    public readonly credentialShape: pulumi.Output<CredentialShape>;

    constructor(name: string, args: RedisCloudIamArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const checked = validateRedisCloudIamArgs(args);
        super(REDIS_CLOUD_IAM_TYPE, name, {}, opts);

        const protect = checked.protectResources;
        const child = { parent: this, protect };
        // While adopting: each child imports the existing resource of its name, unless the account lacks it.
        const adoption = checked.adoption;
        const importIds = adoption && adoptionImportIds(adoption.accountId, CONSOLE_ROLE_POLICY_NAMES[checked.consoleRolePolicy]);
        const adopt = (suffix: AdoptableChild): pulumi.CustomResourceOptions =>
            importIds && !adoption.create.includes(suffix)
                ? { import: importIds[suffix], ignoreChanges: [...ADOPTION_IGNORE_CHANGES[suffix]] }
                : {};
        // Each principal holds exactly Redis's grants: its attached and inline policies are managed exclusively, so an
        // out-of-band grant shows in `pulumi preview --refresh` and `pulumi up` removes it. Adopting, each list is imported
        // with its principal (import ID: the principal's name) and its list ignored until adoption is off.
        const exclusive = (principal: AdoptableChild, list: keyof typeof EXCLUSIVE_LIST_IGNORE_CHANGES) =>
            importIds && !adoption.create.includes(principal)
                ? { import: importIds[principal], ignoreChanges: [...EXCLUSIVE_LIST_IGNORE_CHANGES[list]] }
                : {};
        const exclusiveForRole = (
            suffix: string,
            principal: AdoptableChild,
            role: iam.Role,
            policyArn: pulumi.Output<string>,
            after: pulumi.Resource,
        ) => {
            new iam.RolePolicyAttachmentsExclusive(
                `${name}-${suffix}-attachments-exclusive`,
                { roleName: role.name, policyArns: [policyArn] },
                { ...child, dependsOn: [after], ...exclusive(principal, "attachments") },
            );
            new iam.RolePoliciesExclusive(
                `${name}-${suffix}-inline-policies-exclusive`,
                { roleName: role.name, policyNames: [] },
                { ...child, ...exclusive(principal, "inline") },
            );
        };
        const tags = checked.tags;
        const permissionsBoundary = checked.permissionsBoundaryArn;

        // Step 1 and 2: the node role, its policy, and the instance profile the console would create silently.
        const instancePolicy = new iam.Policy(
            `${name}-instance-role-policy`,
            { name: REDIS_IAM_NAMES.instanceRolePolicy, policy: JSON.stringify(instanceRolePolicy), tags },
            { ...child, ...adopt(AdoptableChild.InstanceRolePolicy) },
        );
        const nodeRole = new iam.Role(
            `${name}-node-role`,
            { name: REDIS_IAM_NAMES.nodeRole, assumeRolePolicy: JSON.stringify(nodeRoleTrustPolicy), permissionsBoundary, tags },
            { ...child, ...adopt(AdoptableChild.NodeRole) },
        );
        const nodeRoleAttachment = new iam.RolePolicyAttachment(
            `${name}-node-role-policy`,
            { role: nodeRole.name, policyArn: instancePolicy.arn },
            { ...child, ...adopt(AdoptableChild.NodeRolePolicy) },
        );
        exclusiveForRole("node-role", AdoptableChild.NodeRole, nodeRole, instancePolicy.arn, nodeRoleAttachment);
        const instanceProfile = new iam.InstanceProfile(
            `${name}-instance-profile`,
            { name: REDIS_IAM_NAMES.instanceProfile, role: nodeRole.name, tags },
            { ...child, ...adopt(AdoptableChild.InstanceProfile) },
        );

        // Step 3 and 4: the programmatic user, its policy, and its access key(s).
        const userPolicy = new iam.Policy(
            `${name}-user-policy`,
            { name: REDIS_IAM_NAMES.userRestrictedPolicy, policy: JSON.stringify(userRestrictedPolicy), tags },
            { ...child, ...adopt(AdoptableChild.UserPolicy) },
        );
        const user = new iam.User(
            `${name}-user`,
            { name: REDIS_IAM_NAMES.user, permissionsBoundary, tags },
            { ...child, ...adopt(AdoptableChild.User) },
        );
        const userPolicyAttachment = new iam.UserPolicyAttachment(
            `${name}-user-policy-attachment`,
            { user: user.name, policyArn: userPolicy.arn },
            { ...child, ...adopt(AdoptableChild.UserPolicyAttachment) },
        );
        new iam.UserPolicyAttachmentsExclusive(
            `${name}-user-attachments-exclusive`,
            { userName: user.name, policyArns: [userPolicy.arn] },
            { ...child, dependsOn: [userPolicyAttachment], ...exclusive(AdoptableChild.User, "attachments") },
        );
        new iam.UserPoliciesExclusive(
            `${name}-user-inline-policies-exclusive`,
            { userName: user.name, policyNames: [] },
            { ...child, ...exclusive(AdoptableChild.User, "inline") },
        );
        const generations = checked.accessKeyGenerations;
        const keys = generations.map(
            (generation, index) =>
                new iam.AccessKey(
                    accessKeyChildName(name, generation),
                    { user: user.name, pgpKey: checked.pgpKey },
                    {
                        parent: this,
                        // The retiring key must be removable by the next `pulumi up`.
                        protect: protect && index === generations.length - 1,
                        additionalSecretOutputs: ["secret", "encryptedSecret", "sesSmtpPasswordV4", "encryptedSesSmtpPasswordV4"],
                        // Redis validates the key at once: it must already carry its policy.
                        dependsOn: [userPolicyAttachment],
                        // Adopting: the existing key is the retiring generation; Redis keeps it until it has the new one.
                        ...(index === 0 && adoption?.accessKeyId
                            ? { import: adoption.accessKeyId, ignoreChanges: [...ADOPTED_ACCESS_KEY_IGNORE_CHANGES] }
                            : {}),
                    },
                ),
        );
        const currentKey = keys[keys.length - 1];
        if (keys.length === 2) {
            // Depends on the retiring key, so that removing the old generation deletes this first: the gate (docs/rotation.md).
            new AccessKeyRetirementGate(
                retirementGateChildName(name, generations[0]),
                {
                    userName: user.name,
                    retiringAccessKeyId: keys[0].id,
                    currentAccessKeyId: currentKey.id,
                    mode: checked.keyRetirementGate,
                },
                { parent: this, dependsOn: [keys[0]] },
            );
        }

        // Step 5: the console role Redis's account assumes with MFA.
        const consoleRole = new iam.Role(
            `${name}-console-role`,
            { name: REDIS_IAM_NAMES.consoleRole, assumeRolePolicy: JSON.stringify(consoleRoleTrustPolicy), permissionsBoundary, tags },
            { ...child, ...adopt(AdoptableChild.ConsoleRole) },
        );
        const consolePolicy = checked.consoleRolePolicy === ConsoleRolePolicy.UserRestrictedPolicy ? userPolicy : instancePolicy;
        const consoleRoleAttachment = new iam.RolePolicyAttachment(
            `${name}-console-role-policy`,
            { role: consoleRole.name, policyArn: consolePolicy.arn },
            { ...child, ...adopt(AdoptableChild.ConsoleRolePolicy) },
        );
        exclusiveForRole("console-role", AdoptableChild.ConsoleRole, consoleRole, consolePolicy.arn, consoleRoleAttachment);

        this.instanceRolePolicyArn = instancePolicy.arn;
        this.userRestrictedPolicyArn = userPolicy.arn;
        this.nodeRoleName = nodeRole.name;
        this.nodeRoleArn = nodeRole.arn;
        this.instanceProfileName = instanceProfile.name;
        this.instanceProfileArn = instanceProfile.arn;
        this.userName = user.name;
        this.userArn = user.arn;
        this.consoleRoleName = consoleRole.name;
        this.consoleRoleArn = consoleRole.arn;
        this.consoleRolePolicyName = pulumi.output(CONSOLE_ROLE_POLICY_NAMES[checked.consoleRolePolicy]);
        this.accessKeyId = currentKey.id;
        this.secretAccessKey = pulumi.secret(currentKey.secret.apply((secret) => secret ?? ""));
        this.encryptedSecretAccessKey = pulumi.secret(currentKey.encryptedSecret.apply((secret) => secret ?? ""));
        const consoleSecret = checked.pgpKey === undefined ? this.secretAccessKey : this.encryptedSecretAccessKey;
        this.redisCloudConsole = pulumi.secret(
            pulumi.all([currentKey.id, consoleSecret, consoleRole.name]).apply(([accessKeyId, secretAccessKey, iamRoleName]) => ({
                accessKeyId,
                secretAccessKey,
                iamRoleName,
            })),
        );

        if (checked.consoleLogin) {
            const loginProfile = new iam.UserLoginProfile(
                consoleLoginChildName(name),
                {
                    user: user.name,
                    pgpKey: checked.pgpKey,
                    passwordLength: checked.consolePasswordLength,
                    // Redis signs in with this password as given; a forced reset would lock it out.
                    passwordResetRequired: false,
                },
                {
                    ...child,
                    additionalSecretOutputs: ["password", "encryptedPassword"],
                    dependsOn: [userPolicyAttachment],
                    ...adopt(AdoptableChild.ConsoleLogin),
                },
            );
            this.consoleUsername = user.name;
            this.consolePassword = pulumi.secret(loginProfile.password.apply((password) => password ?? ""));
            this.encryptedConsolePassword = pulumi.secret(loginProfile.encryptedPassword.apply((password) => password ?? ""));
            this.signInUrl = user.arn.apply(signInUrlForUserArn);
        }

        this.credentialShape = pulumi.output({
            accessKeyGenerations: [...generations],
            consoleLogin: checked.consoleLogin,
            pgpEncrypted: checked.pgpKey !== undefined,
        });

        this.registerOutputs({
            instanceRolePolicyArn: this.instanceRolePolicyArn,
            userRestrictedPolicyArn: this.userRestrictedPolicyArn,
            nodeRoleName: this.nodeRoleName,
            nodeRoleArn: this.nodeRoleArn,
            instanceProfileName: this.instanceProfileName,
            instanceProfileArn: this.instanceProfileArn,
            userName: this.userName,
            userArn: this.userArn,
            consoleRoleName: this.consoleRoleName,
            consoleRoleArn: this.consoleRoleArn,
            consoleRolePolicyName: this.consoleRolePolicyName,
            accessKeyId: this.accessKeyId,
            secretAccessKey: this.secretAccessKey,
            encryptedSecretAccessKey: this.encryptedSecretAccessKey,
            redisCloudConsole: this.redisCloudConsole,
            consoleUsername: this.consoleUsername,
            consolePassword: this.consolePassword,
            encryptedConsolePassword: this.encryptedConsolePassword,
            signInUrl: this.signInUrl,
            credentialShape: this.credentialShape,
        });
    }
}

/** `https://<account-id>.signin.aws.amazon.com/console`, in the user's partition. */
export function signInUrlForUserArn(userArn: string): string {
    const [, partition, , , accountId] = userArn.split(":");
    const host = SIGN_IN_HOSTS[partition] ?? SIGN_IN_HOSTS.aws;
    return `https://${accountId}.${host}/console`;
}
