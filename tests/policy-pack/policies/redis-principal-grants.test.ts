/**
 * `redis-principal-grants`: its violating and passing cases (policy-pack/policies/redis-principal-grants.ts),
 * a pair for every type of its table: the grant to a Redis principal or Redis Cloud's account, and the
 * same grant to the customer's own.
 */
import * as assert from "assert";
import { UNKNOWN } from "../../../plan/analyzer-client";
import { PRINCIPAL_GRANTS } from "../../../policy-pack/policies/redis-principal-grants";
import { PolicyCase, describePolicyCases, r } from "../policy-cases";

const REDIS_ACCOUNT = "168085023892";
const CUSTOMER = "123456789012";
const BACKUP_ACCOUNT = "210987654321";
const NODE_ROLE = `arn:aws:iam::${CUSTOMER}:role/redislabs-cluster-node-role`;
const CONSOLE_SESSION = `arn:aws:sts::${CUSTOMER}:assumed-role/redislabs-role/support`;
const USER = `arn:aws:iam::${CUSTOMER}:user/redislabs-user`;

/** Per type: its grant to Redis (the field the message names), and the same grant to the customer's own. */
const PAIRS: Record<string, { redis: Record<string, unknown>; field: string; own: Record<string, unknown> }> = {
    "aws:lambda/permission:Permission": {
        redis: { action: "lambda:InvokeFunction", function: UNKNOWN, principal: REDIS_ACCOUNT },
        field: "principal",
        own: { action: "lambda:InvokeFunction", function: UNKNOWN, principal: "events.amazonaws.com", sourceArn: UNKNOWN },
    },
    "aws-native:lambda:Permission": {
        redis: { action: "lambda:InvokeFunction", functionName: UNKNOWN, principal: "s3.amazonaws.com", sourceAccount: REDIS_ACCOUNT },
        field: "sourceAccount",
        own: { action: "lambda:InvokeFunction", functionName: UNKNOWN, principal: "s3.amazonaws.com", sourceAccount: CUSTOMER },
    },
    "aws:lambda/layerVersionPermission:LayerVersionPermission": {
        redis: { action: "lambda:GetLayerVersion", layerName: "shared", principal: REDIS_ACCOUNT, statementId: "s", versionNumber: 1 },
        field: "principal",
        own: { action: "lambda:GetLayerVersion", layerName: "shared", principal: BACKUP_ACCOUNT, statementId: "s", versionNumber: 1 },
    },
    "aws-native:lambda:LayerVersionPermission": {
        redis: { action: "lambda:GetLayerVersion", layerVersionArn: UNKNOWN, principal: ` ${REDIS_ACCOUNT} ` },
        field: "principal",
        own: { action: "lambda:GetLayerVersion", layerVersionArn: UNKNOWN, principal: "*", organizationId: "o-abc123" },
    },
    "aws:kms/grant:Grant": {
        redis: { keyId: UNKNOWN, granteePrincipal: NODE_ROLE, operations: ["Decrypt", "Encrypt"] },
        field: "granteePrincipal",
        own: { keyId: UNKNOWN, granteePrincipal: `arn:aws:iam::${CUSTOMER}:role/app`, operations: ["Decrypt"] },
    },
    "aws:ram/principalAssociation:PrincipalAssociation": {
        redis: { resourceShareArn: UNKNOWN, principal: REDIS_ACCOUNT },
        field: "principal",
        own: { resourceShareArn: UNKNOWN, principal: "arn:aws:organizations::123456789012:organization/o-abc123" },
    },
    "aws:ram/resourceShareAssociationsExclusive:ResourceShareAssociationsExclusive": {
        redis: { resourceShareArn: UNKNOWN, principals: [BACKUP_ACCOUNT, USER] },
        field: "principals",
        own: { resourceShareArn: UNKNOWN, principals: [BACKUP_ACCOUNT], resourceArns: [UNKNOWN] },
    },
    "aws-native:ram:ResourceShare": {
        redis: { name: "tgw", principals: [`arn:aws:iam::${REDIS_ACCOUNT}:root`], resourceArns: [UNKNOWN] },
        field: "principals",
        own: { name: "tgw", principals: ["arn:aws:organizations::123456789012:ou/o-abc123/ou-ab12-cdef3456"], resourceArns: [UNKNOWN] },
    },
    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission": {
        redis: { snapshotId: UNKNOWN, accountId: REDIS_ACCOUNT },
        field: "accountId",
        own: { snapshotId: UNKNOWN, accountId: BACKUP_ACCOUNT },
    },
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission": {
        redis: { imageId: "ami-0123456789abcdef0", accountId: REDIS_ACCOUNT },
        field: "accountId",
        own: { imageId: "ami-0123456789abcdef0", organizationArn: "arn:aws:organizations::123456789012:organization/o-abc123" },
    },
    "aws:rds/snapshot:Snapshot": {
        redis: { dbInstanceIdentifier: UNKNOWN, dbSnapshotIdentifier: "nightly", sharedAccounts: [BACKUP_ACCOUNT, REDIS_ACCOUNT] },
        field: "sharedAccounts",
        own: { dbInstanceIdentifier: UNKNOWN, dbSnapshotIdentifier: "nightly", sharedAccounts: [BACKUP_ACCOUNT] },
    },
    "aws:rds/clusterSnapshot:ClusterSnapshot": {
        redis: { dbClusterIdentifier: UNKNOWN, dbClusterSnapshotIdentifier: "nightly", sharedAccounts: [REDIS_ACCOUNT] },
        field: "sharedAccounts",
        own: { dbClusterIdentifier: UNKNOWN, dbClusterSnapshotIdentifier: "nightly", sharedAccounts: [UNKNOWN] },
    },
    "aws:rds/snapshotCopy:SnapshotCopy": {
        redis: { sourceDbSnapshotIdentifier: UNKNOWN, targetDbSnapshotIdentifier: "copy", sharedAccounts: [REDIS_ACCOUNT] },
        field: "sharedAccounts",
        own: { sourceDbSnapshotIdentifier: UNKNOWN, targetDbSnapshotIdentifier: "copy", sharedAccounts: [BACKUP_ACCOUNT] },
    },
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy": {
        redis: { sourceDbClusterSnapshotIdentifier: UNKNOWN, targetDbClusterSnapshotIdentifier: "copy", sharedAccounts: [REDIS_ACCOUNT] },
        field: "sharedAccounts",
        own: { sourceDbClusterSnapshotIdentifier: UNKNOWN, targetDbClusterSnapshotIdentifier: "copy" },
    },
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": {
        redis: {
            replicationConfiguration: {
                rules: [
                    {
                        destinations: [
                            { region: "eu-west-1", registryId: BACKUP_ACCOUNT },
                            { region: "us-east-1", registryId: REDIS_ACCOUNT },
                        ],
                    },
                ],
            },
        },
        field: "replicationConfiguration.rules.destinations.registryId",
        own: { replicationConfiguration: { rules: [{ destinations: [{ region: "eu-west-1", registryId: BACKUP_ACCOUNT }] }] } },
    },
    "aws-native:ecr:ReplicationConfiguration": {
        redis: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-east-1", registryId: REDIS_ACCOUNT }] }] } },
        field: "replicationConfiguration.rules.destinations.registryId",
        own: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-east-1", registryId: CUSTOMER }] }] } },
    },
    "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple": {
        redis: { vpcEndpointServiceId: UNKNOWN, principalArn: `arn:aws:iam::${REDIS_ACCOUNT}:root` },
        field: "principalArn",
        own: { vpcEndpointServiceId: UNKNOWN, principalArn: `arn:aws:iam::${BACKUP_ACCOUNT}:root` },
    },
    "aws-native:ec2:VpcEndpointServicePermissions": {
        redis: { serviceId: UNKNOWN, allowedPrincipals: [CONSOLE_SESSION] },
        field: "allowedPrincipals",
        own: { serviceId: UNKNOWN, allowedPrincipals: [`arn:aws:iam::${BACKUP_ACCOUNT}:role/consumer`] },
    },
    "aws:ec2/vpcEndpointService:VpcEndpointService": {
        redis: { acceptanceRequired: true, networkLoadBalancerArns: [UNKNOWN], allowedPrincipals: [`arn:aws:iam::${REDIS_ACCOUNT}:root`] },
        field: "allowedPrincipals",
        own: { acceptanceRequired: true, networkLoadBalancerArns: [UNKNOWN], allowedPrincipals: [`arn:aws:iam::${BACKUP_ACCOUNT}:root`] },
    },
    "aws:ec2/networkInterfacePermission:NetworkInterfacePermission": {
        redis: { networkInterfaceId: UNKNOWN, awsAccountId: REDIS_ACCOUNT, permission: "INSTANCE-ATTACH" },
        field: "awsAccountId",
        own: { networkInterfaceId: UNKNOWN, awsAccountId: BACKUP_ACCOUNT, permission: "INSTANCE-ATTACH" },
    },
    "aws:eks/accessEntry:AccessEntry": {
        redis: { clusterName: "apps", principalArn: USER },
        field: "principalArn",
        own: { clusterName: "apps", principalArn: `arn:aws:iam::${CUSTOMER}:role/eks-admins` },
    },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {
        redis: {
            clusterName: "apps",
            principalArn: NODE_ROLE,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
        },
        field: "principalArn",
        own: {
            clusterName: "apps",
            principalArn: UNKNOWN,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            accessScope: { type: "cluster" },
        },
    },
    "aws:lakeformation/permissions:Permissions": {
        redis: {
            principal: `arn:aws:iam::${CUSTOMER}:role/redislabs-role`,
            permissions: ["SELECT"],
            table: { databaseName: "sales", wildcard: true },
        },
        field: "principal",
        own: {
            principal: `arn:aws:iam::${CUSTOMER}:role/analysts`,
            permissions: ["SELECT"],
            table: { databaseName: "sales", wildcard: true },
        },
    },
    "aws:globalaccelerator/crossAccountAttachment:CrossAccountAttachment": {
        redis: { name: "shared", principals: [REDIS_ACCOUNT] },
        field: "principals",
        own: { name: "shared", principals: [BACKUP_ACCOUNT] },
    },
    "aws:acmpca/permission:Permission": {
        redis: {
            certificateAuthorityArn: UNKNOWN,
            actions: ["IssueCertificate"],
            principal: "acm.amazonaws.com",
            sourceAccount: REDIS_ACCOUNT,
        },
        field: "sourceAccount",
        own: { certificateAuthorityArn: UNKNOWN, actions: ["IssueCertificate"], principal: "acm.amazonaws.com" },
    },
    "aws:licensemanager/licenseGrant:LicenseGrant": {
        redis: { licenseArn: UNKNOWN, allowedOperations: ["ListPurchasedLicenses"], principal: `arn:aws:iam::${REDIS_ACCOUNT}:root` },
        field: "principal",
        own: { licenseArn: UNKNOWN, allowedOperations: ["ListPurchasedLicenses"], principal: `arn:aws:iam::${BACKUP_ACCOUNT}:root` },
    },
    "aws:cfg/aggregateAuthorization:AggregateAuthorization": {
        redis: { accountId: REDIS_ACCOUNT, authorizedAwsRegion: "us-east-1" },
        field: "accountId",
        own: { accountId: BACKUP_ACCOUNT, authorizedAwsRegion: "us-east-1" },
    },
    "aws:organizations/delegatedAdministrator:DelegatedAdministrator": {
        redis: { accountId: REDIS_ACCOUNT, servicePrincipal: "guardduty.amazonaws.com" },
        field: "accountId",
        own: { accountId: BACKUP_ACCOUNT, servicePrincipal: "guardduty.amazonaws.com" },
    },
    "aws:cloudwatch/eventPermission:EventPermission": {
        redis: { principal: REDIS_ACCOUNT, statementId: "redis" },
        field: "principal",
        own: { principal: BACKUP_ACCOUNT, statementId: "backup" },
    },
    "aws:imagebuilder/distributionConfiguration:DistributionConfiguration": {
        redis: {
            name: "golden",
            distributions: [{ region: "us-east-1", amiDistributionConfiguration: { targetAccountIds: [REDIS_ACCOUNT] } }],
        },
        field: "distributions.amiDistributionConfiguration.targetAccountIds",
        own: {
            name: "golden",
            distributions: [{ region: "us-east-1", amiDistributionConfiguration: { launchPermission: { userIds: [BACKUP_ACCOUNT] } } }],
        },
    },
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export const CASES: PolicyCase[] = [
    ...Object.entries(PAIRS).flatMap(([type, { redis, field, own }]) => [
        {
            title: `${type} granting to Redis (${field})`,
            resource: r(type, redis),
            violation: new RegExp(
                `^Field "${escape(field)}" names a Redis Cloud principal .*: this ${escape(type)} .*\\. Remove Redis`,
                "m",
            ),
        },
        { title: `${type} granting to the customer's own`, resource: r(type, own) },
    ]),
    {
        title: "a KMS grant whose retiring principal is Redis's user",
        resource: r("aws:kms/grant:Grant", { keyId: UNKNOWN, granteePrincipal: UNKNOWN, operations: ["Decrypt"], retiringPrincipal: USER }),
        violation: /^Field "retiringPrincipal"/m,
    },
    {
        title: "an image-builder launch permission for Redis Cloud's account",
        resource: r("aws:imagebuilder/distributionConfiguration:DistributionConfiguration", {
            distributions: [{ region: "us-east-1", amiDistributionConfiguration: { launchPermission: { userIds: [REDIS_ACCOUNT] } } }],
        }),
        violation: /"distributions\.amiDistributionConfiguration\.launchPermission\.userIds"/,
    },
    {
        title: "a Lambda permission for a role merely named like Redis's",
        resource: r("aws:lambda/permission:Permission", {
            action: "lambda:InvokeFunction",
            function: UNKNOWN,
            principal: `arn:aws:iam::${CUSTOMER}:role/redislabs-cluster-node-role-audit`,
        }),
    },
    {
        title: "a KMS grant whose grantee is unknown at preview",
        resource: r("aws:kms/grant:Grant", { keyId: UNKNOWN, granteePrincipal: UNKNOWN, operations: ["Decrypt"] }),
    },
];

describePolicyCases("redis-principal-grants", CASES);

describe("redis-principal-grants: its table", () => {
    it("every type of the table has its pair of cases", () => {
        assert.deepStrictEqual(Object.keys(PAIRS).sort(), Object.keys(PRINCIPAL_GRANTS).sort());
    });
});
