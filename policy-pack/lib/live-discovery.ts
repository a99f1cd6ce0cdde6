/**
 * What `redis-managed-ids-protected` protects in one preview: the listed
 * `resourceIds`, and, when `discover` is configured, what live discovery
 * finds (issue 18). The SDK-backed reader (../discovery/) is loaded with a
 * dynamic import, the first time a configured `discover` needs it: a pack
 * without it never loads AWS's SDK and pays nothing more than before.
 *
 * Once per preview: a pack process serves one preview, and the SDK hands a
 * policy the same config objects until the next Configure, so the state of
 * one preview is kept on its `discover` object (a WeakMap). Discovery runs
 * once; its failure, or a config problem, is reported once, on the first
 * resource analysed (or at stack level), never per resource.
 */
import type { ReportViolation } from "@pulumi/policy";
import { parseDiscoverConfig, unknownKeyProblem } from "../../core/discovery-config";
import type { DiscoverConfig } from "../../core/discovery-config";
import type { DiscoveryOutcome } from "../discovery/discover";
import { tokenMatcher, TokenMatcher } from "./property-scan";

/** A message to report once, at its enforcement level. */
export interface Notice {
    message: string;
    advisory: boolean;
}

interface DiscoveryResult {
    ids: readonly string[];
    notice?: Notice;
}

interface PreviewState {
    discovery?: Promise<DiscoveryResult>;
    /** The answer once it has arrived: later calls are synchronous again. */
    result?: DiscoveryResult;
    reported: Set<string>;
    combined?: { matcher: TokenMatcher | undefined };
    checked?: { parsed: ReturnType<typeof parseDiscoverConfig> | undefined; notices: Notice[] };
}

/** The config's problems as notices, and the parsed `discover` setting. */
function checkConfig(policyName: string, config: Record<string, unknown>, unknown: readonly string[], knownKeys: readonly string[]) {
    const problems = unknown.map((key) => unknownKeyProblem("", key, knownKeys, policyName));
    const parsed = config.discover === undefined ? undefined : parseDiscoverConfig(config.discover);
    problems.push(...(parsed?.problems ?? []));
    const notices: Notice[] = problems.map((problem) => ({
        message: `${policyName} config: ${problem}. Fix the policy group's config (docs/guard-pack.md, "Live discovery").`,
        advisory: false,
    }));
    return { parsed, notices };
}

/** What a policy protects in this call, and what it must report (each notice once per preview). */
export interface Protection {
    matcher: TokenMatcher | undefined;
    notices: Notice[];
}

const states = new WeakMap<object, PreviewState>();
const stateOf = (anchor: object): PreviewState => {
    let state = states.get(anchor);
    if (!state) states.set(anchor, (state = { reported: new Set() }));
    return state;
};

/** How the reader module is loaded; the tests count the loads. */
export const discoveryModule = { load: () => import("../discovery/discover"), loads: 0 };

async function runDiscovery(policyName: string, config: DiscoverConfig): Promise<{ ids: readonly string[]; notice?: Notice }> {
    try {
        discoveryModule.loads++;
        const { discoverRedisIds } = await discoveryModule.load();
        const outcome: DiscoveryOutcome = await discoverRedisIds(config);
        return { ids: outcome.ids };
    } catch (error) {
        const name = String((error as { name?: string })?.name ?? "");
        // A DiscoveryError's message names the cause and never a credential; anything else is named by its class alone.
        const cause =
            name === "DiscoveryError"
                ? (error as Error).message
                : `the reader could not be loaded or failed unexpectedly (${/^\w{1,64}$/.test(name) ? name : "error"})`;
        const advisory = config.onFailure === "advisory";
        return {
            ids: [],
            notice: {
                message: `${policyName} could not discover Redis's resources, so it protects only the listed resourceIds: ${cause}.${
                    advisory ? "" : ' Fix the cause, or set discover.onFailure to "advisory" to preview without discovery.'
                }`,
                advisory,
            },
        };
    }
}

/**
 * The matcher of every protected ID for this preview and what to report
 * once; an `undefined` matcher when nothing is protected. With no `discover`
 * and no unknown key, this is the listed IDs alone, synchronously, as before
 * discovery existed. With `discover`, only the calls that arrive before its
 * answer wait (a promise); every later call is synchronous.
 */
export function protectedIds(
    policyName: string,
    config: Record<string, unknown>,
    knownKeys: readonly string[],
    listedMatcher: (listed: unknown) => TokenMatcher | undefined,
): Protection | Promise<Protection> {
    const unknown = Object.keys(config).filter((key) => !knownKeys.includes(key));
    if (config.discover === undefined && unknown.length === 0) return { matcher: listedMatcher(config.resourceIds), notices: [] };
    // The preview's state hangs on a config object the SDK keeps until the next Configure; a config of bare values has none.
    const anchor = [config.discover, config.resourceIds, ...unknown.map((key) => config[key])].find(
        (value): value is object => typeof value === "object" && value !== null,
    );
    const state: PreviewState = anchor ? stateOf(anchor) : { reported: new Set() };
    // The config is checked once per preview: every later call reuses the verdict.
    state.checked ??= checkConfig(policyName, config, unknown, knownKeys);
    const { parsed } = state.checked;
    const notices = [...state.checked.notices];
    const finish = (result: DiscoveryResult | undefined): Protection => {
        if (result?.notice) notices.push(result.notice);
        const fresh = notices.filter((notice) => !state.reported.has(notice.message));
        for (const notice of fresh) state.reported.add(notice.message);
        if (!result || result.ids.length === 0) return { matcher: listedMatcher(config.resourceIds), notices: fresh };
        // Discovered IDs exist only with a `discover` object, the state's anchor: one matcher per preview.
        if (!state.combined) {
            const listed = Array.isArray(config.resourceIds) ? config.resourceIds.filter((id): id is string => typeof id === "string") : [];
            state.combined = { matcher: tokenMatcher([...listed, ...result.ids]) };
        }
        return { matcher: state.combined.matcher, notices: fresh };
    };
    if (!parsed?.config) return finish(undefined);
    if (state.result) return finish(state.result);
    state.discovery ??= runDiscovery(policyName, parsed.config).then((result) => (state.result = result));
    return state.discovery.then(finish);
}

/** Reports a notice at its level: advisory through the SDK's object form of reportViolation, which carries a level per violation. */
export function reportNotice(reportViolation: ReportViolation, notice: Notice, urn?: string): void {
    if (!notice.advisory) return reportViolation(notice.message, urn);
    (reportViolation as unknown as (violation: { message: string; enforcementLevel: string; urn?: string }) => void)({
        message: notice.message,
        enforcementLevel: "advisory",
        ...(urn ? { urn } : {}),
    });
}

/**
 * What redis-managed-ids-protected protects in this preview, listed and
 * discovered, for a policy that must know which resources are Redis's
 * (redis-account-settings: whether an exclusion is for Redis's VPC). The SDK
 * runs a resource's policies one after another in the pack's order, so a
 * policy listed after redis-managed-ids-protected reads what it judged the
 * same resource by; `undefined` when that policy is disabled or protects nothing.
 */
export const protectedThisPreview: { matcher: TokenMatcher | undefined } = { matcher: undefined };
