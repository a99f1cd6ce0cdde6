import type { ResourceValidationPolicy } from "@pulumi/policy";
import { guarded } from "../lib/guarded";
import { isRedisPrincipal } from "../lib/redis-iam";
import { readStrings } from "../lib/resource-reader";
import { rawProps } from "../lib/sdk-internals";

export const PRINCIPAL_GRANTS_POLICY_NAME = "redis-principal-grants";

/** A resource type that grants to whoever a field names, outside any policy document. */
export interface PrincipalGrant {
    /** Fields (paths, `[]` steps into a list) that name the principal or account the grant goes to. */
    fields: string[];
    /** What the grant gives the principal it names, for the message and the README. */
    grants: string;
}

/**
 * Grants that are not policy documents (those are redis-iam-documents'): a
 * field names the principal or account that receives the right. Redis's
 * documents give its principals no such grant, and Redis Cloud's account none
 * but the backup and import bucket statements (FACTS.md), which are documents.
 * So each of these naming Redis's user, roles, their sessions or Redis Cloud's
 * account gives Redis more than its documents: a right over, or a copy of, the
 * customer's resources. None of these types is a child of a RedisCloudIam
 * component (it creates IAM resources only), so no parent is exempt.
 * A field that only names an organisation (`principalOrgId`, `organizationArn`)
 * is not read: Redis's organisation ID is not published.
 */
export const PRINCIPAL_GRANTS: Readonly<Record<string, PrincipalGrant>> = {
    "aws:lambda/permission:Permission": {
        fields: ["principal", "sourceAccount"],
        grants: "lets the named principal, or a service acting for the named account, invoke the function",
    },
    "aws-native:lambda:Permission": {
        fields: ["principal", "sourceAccount"],
        grants: "lets the named principal, or a service acting for the named account, invoke the function",
    },
    "aws:lambda/layerVersionPermission:LayerVersionPermission": {
        fields: ["principal"],
        grants: "lets the named account use, and so read, the layer's code",
    },
    "aws-native:lambda:LayerVersionPermission": {
        fields: ["principal"],
        grants: "lets the named account use, and so read, the layer's code",
    },
    "aws:kms/grant:Grant": {
        fields: ["granteePrincipal", "retiringPrincipal"],
        grants: "lets the named principal use the key for the grant's operations, or retire the grant",
    },
    "aws:ram/principalAssociation:PrincipalAssociation": {
        fields: ["principal"],
        grants: "shares the resource share's resources with the named principal or account",
    },
    "aws:ram/resourceShareAssociationsExclusive:ResourceShareAssociationsExclusive": {
        fields: ["principals[]"],
        grants: "shares the resource share's resources with the named principals or accounts",
    },
    "aws-native:ram:ResourceShare": {
        fields: ["principals[]"],
        grants: "shares the resource share's resources with the named principals or accounts",
    },
    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission": {
        fields: ["accountId"],
        grants: "lets the named account create volumes from the snapshot, a copy of its data",
    },
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission": {
        fields: ["accountId"],
        grants: "lets the named account launch, and so copy, the image",
    },
    "aws:rds/snapshot:Snapshot": {
        fields: ["sharedAccounts[]"],
        grants: "shares the database snapshot, a copy of its data, with the named accounts",
    },
    "aws:rds/clusterSnapshot:ClusterSnapshot": {
        fields: ["sharedAccounts[]"],
        grants: "shares the cluster snapshot, a copy of its data, with the named accounts",
    },
    "aws:rds/snapshotCopy:SnapshotCopy": {
        fields: ["sharedAccounts[]"],
        grants: "shares the snapshot copy, a copy of the data, with the named accounts",
    },
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy": {
        fields: ["sharedAccounts[]"],
        grants: "shares the cluster snapshot copy, a copy of the data, with the named accounts",
    },
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": {
        fields: ["replicationConfiguration.rules[].destinations[].registryId"],
        grants: "copies the registry's images into the named account's registry",
    },
    "aws-native:ecr:ReplicationConfiguration": {
        fields: ["replicationConfiguration.rules[].destinations[].registryId"],
        grants: "copies the registry's images into the named account's registry",
    },
    "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple": {
        fields: ["principalArn"],
        grants: "lets the named principal connect endpoints to the customer's endpoint service",
    },
    "aws-native:ec2:VpcEndpointServicePermissions": {
        fields: ["allowedPrincipals[]"],
        grants: "lets the named principals connect endpoints to the customer's endpoint service",
    },
    "aws:ec2/vpcEndpointService:VpcEndpointService": {
        fields: ["allowedPrincipals[]"],
        grants: "lets the named principals connect endpoints to the customer's endpoint service",
    },
    "aws:ec2/networkInterfacePermission:NetworkInterfacePermission": {
        fields: ["awsAccountId"],
        grants: "lets the named account attach the customer's network interface",
    },
    "aws:eks/accessEntry:AccessEntry": {
        fields: ["principalArn"],
        grants: "lets the named principal into the customer's Kubernetes cluster",
    },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {
        fields: ["principalArn"],
        grants: "gives the named principal a Kubernetes access policy in the customer's cluster",
    },
    "aws:lakeformation/permissions:Permissions": {
        fields: ["principal"],
        grants: "gives the named principal rights on the customer's data catalog and data",
    },
    "aws:globalaccelerator/crossAccountAttachment:CrossAccountAttachment": {
        fields: ["principals[]"],
        grants: "lets the named principals put the customer's endpoints behind their accelerators",
    },
    "aws:acmpca/permission:Permission": {
        fields: ["sourceAccount"],
        grants: "lets certificates of the named account be issued or renewed by the customer's private CA",
    },
    "aws:licensemanager/licenseGrant:LicenseGrant": {
        fields: ["principal"],
        grants: "grants the customer's license to the named principal",
    },
    "aws:cfg/aggregateAuthorization:AggregateAuthorization": {
        fields: ["accountId"],
        grants: "lets the named account collect the customer's AWS Config data, a copy of its inventory",
    },
    "aws:organizations/delegatedAdministrator:DelegatedAdministrator": {
        fields: ["accountId"],
        grants: "makes the named account a delegated administrator of a service for the customer's organisation",
    },
    "aws:cloudwatch/eventPermission:EventPermission": {
        fields: ["principal"],
        grants: "lets the named account put events on the customer's event bus",
    },
    "aws:imagebuilder/distributionConfiguration:DistributionConfiguration": {
        fields: [
            "distributions[].amiDistributionConfiguration.launchPermission.userIds[]",
            "distributions[].amiDistributionConfiguration.targetAccountIds[]",
        ],
        grants: "shares every image it distributes with the named accounts, or copies it into them",
    },
};

/** Values are compared as AWS would read them: surrounding spaces are not part of an account ID or ARN. */
const namesRedis = (value: string) => isRedisPrincipal(value.trim());

/** The fields of a resource that grant to a Redis principal or Redis Cloud's account. Values unknown at preview wait for `up`. */
function grantsToRedis(type: string, props: unknown): string[] {
    const grant = PRINCIPAL_GRANTS[type];
    if (!grant) return [];
    const raw = rawProps(props);
    return grant.fields.filter((field) => readStrings(raw, field.replace(/\[\]$/, "")).some(namesRedis));
}

/**
 * No grant outside a policy document may name Redis's principals or Redis
 * Cloud's account: Lambda and layer permissions, KMS grants, RAM shares,
 * snapshot, image and registry sharing, endpoint-service, EKS, Lake Formation,
 * delegated-administrator and other permissions (PRINCIPAL_GRANTS).
 */
export const redisPrincipalGrants: ResourceValidationPolicy = {
    name: PRINCIPAL_GRANTS_POLICY_NAME,
    description:
        "No Lambda or layer permission, KMS grant, RAM share, snapshot, image or registry share, endpoint-service, EKS, Lake Formation or other grant outside a policy document may grant to a Redis Cloud principal (redislabs-user, redislabs-role, redislabs-cluster-node-role, their sessions) or to Redis Cloud's account: Redis's documents ask for none.",
    remediationSteps:
        "Remove Redis's principal or Redis Cloud's account from the grant, and grant to a principal of your own. Redis's documented grants to its account (the backup and import bucket policy and its key policy) are policy documents, which redis-iam-documents judges.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateResource: guarded(PRINCIPAL_GRANTS_POLICY_NAME, (args, reportViolation) => {
        for (const field of grantsToRedis(args.type, args.props)) {
            reportViolation(
                `Field "${field.replace(/\[\]/g, "")}" names a Redis Cloud principal or Redis Cloud's account: this ${args.type} ${PRINCIPAL_GRANTS[args.type].grants}, which Redis's documents never ask for. Remove Redis from the grant, or grant to a principal of your own.`,
            );
        }
    }),
};
