/** What the end-to-end tests expect RedisCloudIam to create, by child type. */
/** With default args: 16 children (each principal's attached and inline policies managed exclusively: 6 of them). */
export const DEFAULT_CHILDREN = {
    "aws:iam/policy:Policy": 2,
    "aws:iam/role:Role": 2,
    "aws:iam/instanceProfile:InstanceProfile": 1,
    "aws:iam/user:User": 1,
    "aws:iam/accessKey:AccessKey": 1,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 2,
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": 1,
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": 2,
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": 2,
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": 1,
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": 1,
};

/** With `consoleLogin`: the login profile too. */
export const CHILDREN_WITH_LOGIN = { ...DEFAULT_CHILDREN, "aws:iam/userLoginProfile:UserLoginProfile": 1 };
