/**
 * Synthetic stacks for the benchmarks: a seeded, realistic mix of EC2, VPC,
 * EBS, IAM and S3 resources as the engine would send them to Analyze (inputs,
 * plaintext, preview unknowns as the engine's sentinel), plus the ~50 Redis
 * IDs a policy group would configure. The same seed gives the same stack, and
 * a smaller stack is a prefix of a larger one, so sizes differ only in size.
 *
 * No aws:iam/userLoginProfile:UserLoginProfile: awsguard's MFA policy calls the
 * AWS IAM API for each one, which would measure the network, not the pack.
 */
import { REDIS_IAM_NAMES, REDIS_POLICIES, REDIS_TAG_KEY, REDIS_TRUST_POLICIES } from "../core/redis-documents";
import { REDIS_CLOUD_IAM_TYPE } from "../core/type-tokens";
import { AnalyzerResource, PolicyConfig, UNKNOWN } from "../plan/analyzer-client";

/** How often a feature appears: per resource (tags) or per reference to another resource (IDs). */
export const MIX_RATES = {
    /** Resources that carry a tag map. */
    tagged: 0.6,
    /** Tagged resources that also carry Redis's tag key (a violation). */
    redisTag: 0.005,
    /** References that name a Redis-managed ID (a violation when the field is a target). */
    redisIdReference: 0.02,
    /** References unknown during preview (the referenced resource is new). */
    unknownReference: 0.1,
} as const;

type IdKind = "vpc" | "subnet" | "sg" | "i" | "vol" | "rtb";

/** How many IDs of each kind Redis Cloud manages in the benchmark's organisation: 50 in all. */
const REDIS_ID_COUNTS: Readonly<Record<IdKind, number>> = { vpc: 3, subnet: 12, sg: 10, i: 12, vol: 8, rtb: 5 };

const redisId = (kind: IdKind, n: number) => `${kind}-0redis${n.toString(16).padStart(12, "0")}`;
export const BENCH_REDIS_IDS: Readonly<Record<IdKind, string[]>> = Object.fromEntries(
    Object.entries(REDIS_ID_COUNTS).map(([kind, count]) => [kind, Array.from({ length: count }, (_, n) => redisId(kind as IdKind, n))]),
) as Record<IdKind, string[]>;

/** The Configure request both packs get: the Redis IDs for `redis-managed-ids-protected` (awsguard ignores it). */
export const BENCH_POLICY_CONFIG: Record<string, PolicyConfig> = {
    "redis-managed-ids-protected": { properties: { resourceIds: Object.values(BENCH_REDIS_IDS).flat() } },
};

/** A small xorshift generator: deterministic stacks without a dependency. */
class Generator {
    private state: number;
    constructor(seed: number) {
        this.state = seed >>> 0 || 1;
    }
    next(): number {
        let x = this.state;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        this.state = x >>> 0;
        return this.state / 2 ** 32;
    }
    chance(p: number): boolean {
        return this.next() < p;
    }
    int(low: number, high: number): number {
        return low + Math.floor(this.next() * (high - low + 1));
    }
    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.next() * items.length)];
    }
    hex(length: number): string {
        let out = "";
        while (out.length < length) out += Math.floor(this.next() * 2 ** 32).toString(16);
        return out.slice(0, length);
    }
    /** A reference to another resource's ID: usually ours, sometimes unknown (preview), rarely Redis's. */
    ref(kind: IdKind): string {
        if (this.chance(MIX_RATES.redisIdReference)) return this.pick(BENCH_REDIS_IDS[kind]);
        if (this.chance(MIX_RATES.unknownReference)) return UNKNOWN;
        return `${kind}-0${this.hex(16)}`;
    }
    tags(): Record<string, string> | undefined {
        if (!this.chance(MIX_RATES.tagged)) return undefined;
        const keys = ["Name", "team", "env", "cost-center", "owner", "app", "data-class"];
        const tags: Record<string, string> = {};
        for (let n = this.int(3, 6); n > 0; n--) tags[this.pick(keys)] = this.hex(8);
        if (this.chance(MIX_RATES.redisTag)) tags[REDIS_TAG_KEY] = "Redislabs-VPC";
        return tags;
    }
    cidr(): string {
        return `10.${this.int(0, 255)}.${this.int(0, 255)}.0/24`;
    }
}

const json = (value: unknown) => JSON.stringify(value);
const ec2Trust = json({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const appPolicy = (bucket: string) =>
    json({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Read",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:ListBucket"],
                Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
            },
            { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" },
            {
                Sid: "Kms",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
            },
        ],
    });

const COMPONENT_URN = `urn:pulumi:bench::bench::${REDIS_CLOUD_IAM_TYPE}::redis`;

/** The Redis component's children, as the component declares them: canonical, protected, parented. */
const REDIS_CHILDREN: readonly Omit<AnalyzerResource, "name">[] = [
    {
        type: "aws:iam/policy:Policy",
        properties: { name: REDIS_IAM_NAMES.instanceRolePolicy, policy: json(REDIS_POLICIES[REDIS_IAM_NAMES.instanceRolePolicy]) },
    },
    {
        type: "aws:iam/policy:Policy",
        properties: { name: REDIS_IAM_NAMES.userRestrictedPolicy, policy: json(REDIS_POLICIES[REDIS_IAM_NAMES.userRestrictedPolicy]) },
    },
    {
        type: "aws:iam/role:Role",
        properties: { name: REDIS_IAM_NAMES.consoleRole, assumeRolePolicy: json(REDIS_TRUST_POLICIES[REDIS_IAM_NAMES.consoleRole]) },
    },
    {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        properties: { role: REDIS_IAM_NAMES.nodeRole, policyArn: `arn:aws:iam::123456789012:policy/${REDIS_IAM_NAMES.instanceRolePolicy}` },
    },
    {
        type: "aws:iam/instanceProfile:InstanceProfile",
        properties: { name: REDIS_IAM_NAMES.instanceProfile, role: REDIS_IAM_NAMES.nodeRole },
    },
].map((child) => ({ ...child, protect: true, parent: COMPONENT_URN }));

interface Kind {
    /** Relative frequency in the mix. */
    weight: number;
    make: (g: Generator, index: number) => Omit<AnalyzerResource, "name">;
}

/** The mix, roughly as a platform team's AWS stacks look: many rules, routes, instances, roles, buckets. */
const KINDS: readonly Kind[] = [
    {
        weight: 1,
        make: (g) => ({ type: "aws:ec2/vpc:Vpc", properties: { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, tags: g.tags() } }),
    },
    {
        weight: 6,
        make: (g) => ({
            type: "aws:ec2/subnet:Subnet",
            properties: { vpcId: g.ref("vpc"), cidrBlock: g.cidr(), availabilityZone: "eu-west-1a", tags: g.tags() },
        }),
    },
    {
        weight: 5,
        make: (g, i) => ({
            type: "aws:ec2/securityGroup:SecurityGroup",
            properties: {
                name: `app-${i}`,
                vpcId: g.ref("vpc"),
                description: "application servers",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }],
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
                tags: g.tags(),
            },
        }),
    },
    {
        weight: 10,
        make: (g) => ({
            type: "aws:ec2/securityGroupRule:SecurityGroupRule",
            properties: {
                type: "ingress",
                securityGroupId: g.ref("sg"),
                protocol: "tcp",
                fromPort: 6379,
                toPort: 6379,
                cidrBlocks: [g.cidr()],
            },
        }),
    },
    {
        weight: 4,
        make: (g) => ({
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            properties: {
                securityGroupId: g.ref("sg"),
                referencedSecurityGroupId: g.ref("sg"),
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
            },
        }),
    },
    { weight: 2, make: (g) => ({ type: "aws:ec2/routeTable:RouteTable", properties: { vpcId: g.ref("vpc"), tags: g.tags() } }) },
    {
        weight: 4,
        make: (g) => ({
            type: "aws:ec2/route:Route",
            properties: { routeTableId: g.ref("rtb"), destinationCidrBlock: g.cidr(), natGatewayId: `nat-0${g.hex(16)}` },
        }),
    },
    {
        weight: 4,
        make: (g) => ({
            type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
            properties: { routeTableId: g.ref("rtb"), subnetId: g.ref("subnet") },
        }),
    },
    {
        weight: 8,
        make: (g, i) => ({
            type: "aws:ec2/instance:Instance",
            properties: {
                ami: `ami-0${g.hex(16)}`,
                instanceType: g.pick(["t3.medium", "m6i.large", "r6g.xlarge"]),
                subnetId: g.ref("subnet"),
                vpcSecurityGroupIds: [g.ref("sg"), g.ref("sg")],
                iamInstanceProfile: `app-profile-${i % 40}`,
                associatePublicIpAddress: false,
                rootBlockDevice: { volumeSize: 50, volumeType: "gp3", encrypted: true },
                tags: g.tags(),
            },
        }),
    },
    {
        weight: 4,
        make: (g) => ({
            type: "aws:ebs/volume:Volume",
            properties: { availabilityZone: "eu-west-1a", size: 100, encrypted: true, tags: g.tags() },
        }),
    },
    {
        weight: 3,
        make: (g) => ({
            type: "aws:ec2/volumeAttachment:VolumeAttachment",
            properties: { deviceName: "/dev/sdf", instanceId: g.ref("i"), volumeId: g.ref("vol") },
        }),
    },
    { weight: 2, make: (g) => ({ type: "aws:ec2/eip:Eip", properties: { domain: "vpc", instance: g.ref("i"), tags: g.tags() } }) },
    {
        weight: 1,
        make: (g) => ({
            type: "aws:ec2/tag:Tag",
            properties: { resourceId: g.ref("sg"), key: g.pick(["team", "owner"]), value: g.hex(6) },
        }),
    },
    {
        weight: 6,
        make: (g, i) => ({ type: "aws:iam/role:Role", properties: { name: `app-role-${i}`, assumeRolePolicy: ec2Trust, tags: g.tags() } }),
    },
    {
        weight: 4,
        make: (_g, i) => ({ type: "aws:iam/policy:Policy", properties: { name: `app-policy-${i}`, policy: appPolicy(`app-data-${i}`) } }),
    },
    {
        weight: 7,
        make: (_g, i) => ({
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            properties: { role: `app-role-${i}`, policyArn: `arn:aws:iam::123456789012:policy/app-policy-${i}` },
        }),
    },
    {
        weight: 2,
        make: (_g, i) => ({
            type: "aws:iam/instanceProfile:InstanceProfile",
            properties: { name: `app-profile-${i}`, role: `app-role-${i}` },
        }),
    },
    { weight: 1, make: (g, i) => ({ type: "aws:iam/user:User", properties: { name: `ci-${i}`, tags: g.tags() } }) },
    {
        weight: 0.5,
        make: (_g, i) => ({ type: "aws:iam/accessKey:AccessKey", properties: { user: `ci-${i}` }, additionalSecretOutputs: ["secret"] }),
    },
    {
        weight: 6,
        make: (g, i) => ({
            type: "aws:s3/bucket:Bucket",
            properties: {
                bucket: `app-data-${i}`,
                acl: "private",
                versioning: { enabled: true },
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
                tags: g.tags(),
            },
        }),
    },
    {
        weight: 3,
        make: (_g, i) => ({
            type: "aws:s3/bucketPolicy:BucketPolicy",
            properties: { bucket: `app-data-${i}`, policy: appPolicy(`app-data-${i}`) },
        }),
    },
    {
        weight: 3,
        make: (_g, i) => ({
            type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            properties: {
                bucket: `app-data-${i}`,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
        }),
    },
    {
        weight: 0.1,
        make: (g) => ({
            type: "pulumi:providers:aws",
            properties: { region: "eu-west-1", defaultTags: json({ tags: g.tags() ?? { team: "platform" } }) },
        }),
    },
    {
        weight: 0.2,
        make: (g) => {
            const child = g.pick(REDIS_CHILDREN);
            return { ...child, properties: { ...child.properties } };
        },
    },
];

const TOTAL_WEIGHT = KINDS.reduce((sum, kind) => sum + kind.weight, 0);

function pickKind(g: Generator): Kind {
    let point = g.next() * TOTAL_WEIGHT;
    for (const kind of KINDS) {
        point -= kind.weight;
        if (point < 0) return kind;
    }
    return KINDS[KINDS.length - 1];
}

/** Drops `undefined` properties: the engine never sends them, and `Struct.fromJavaScript` would reject them. */
function withoutUndefined(properties: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
}

/** A stack of `size` resources; every size drawn with the same seed starts with the same resources. */
export function syntheticStack(size: number, seed = 20_260_601): AnalyzerResource[] {
    const g = new Generator(seed);
    return Array.from({ length: size }, (_, index) => {
        const resource = pickKind(g).make(g, index);
        const short = resource.type.split(":").pop()?.toLowerCase() ?? "resource";
        return { ...resource, name: `${short}-${index}`, properties: withoutUndefined(resource.properties) };
    });
}

/** How many resources of each type a stack holds, for the report. */
export function typeCounts(stack: readonly AnalyzerResource[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const resource of stack) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
    return counts;
}
