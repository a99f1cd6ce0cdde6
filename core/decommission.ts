/**
 * Decommissioning: which resources of a stack to unprotect so that
 * `pulumi destroy` (or removing the component from a program) can delete
 * Redis's IAM resources, and nothing else the stack protects.
 * `pulumi state unprotect --all` would unprotect every resource of a program
 * that holds more than Redis's; this reads `pulumi stack export` instead.
 */
import { REDIS_CLOUD_IAM_TYPE, REDIS_MANAGED_GUARDRAIL_TYPE } from "./type-tokens";
import { isRecord } from "./values";

/** The component types whose children are decommissioned, by the name the command takes. */
export const DECOMMISSION_COMPONENTS: Readonly<Record<string, string>> = {
    "redis-cloud-iam": REDIS_CLOUD_IAM_TYPE,
    guardrail: REDIS_MANAGED_GUARDRAIL_TYPE,
};

interface ExportedResource {
    urn: string;
    type: string;
    parent?: string;
    protect?: boolean;
}

/** Thrown when the input is not a `pulumi stack export` document. */
export class StackExportError extends Error {}

/**
 * The URNs of every protected resource below a component of one of `types`
 * (children, and their children), in the export's order. The components
 * themselves are never protected by the component code, and nothing outside
 * them is returned.
 */
export function protectedComponentChildren(stackExport: unknown, types: readonly string[] = [REDIS_CLOUD_IAM_TYPE]): string[] {
    const deployment = isRecord(stackExport) ? stackExport.deployment : undefined;
    const resources = isRecord(deployment) ? deployment.resources : undefined;
    if (!isRecord(stackExport) || !Array.isArray(resources)) {
        throw new StackExportError("not a `pulumi stack export` document: it has no deployment.resources list");
    }
    const all = resources.filter((r): r is ExportedResource => isRecord(r) && typeof r.urn === "string" && typeof r.type === "string");
    const byUrn = new Map(all.map((r) => [r.urn, r]));
    const underComponent = (resource: ExportedResource): boolean => {
        const seen = new Set<string>();
        for (let parent = resource.parent; parent && !seen.has(parent); parent = byUrn.get(parent)?.parent) {
            seen.add(parent);
            const found = byUrn.get(parent);
            if (found && types.includes(found.type)) return true;
        }
        return false;
    };
    return all.filter((r) => r.protect === true && underComponent(r)).map((r) => r.urn);
}
