/**
 * One walk of a resource's inputs for every policy that looks for Redis's
 * tokens (IDs, the tag key and value, Redis's names and account), instead of
 * one walk per policy. The SDK hands each policy its own freshly decoded copy
 * of the same request, so the walk is shared by the resource's URN: the first
 * of these policies to judge a resource walks it once with the union of all
 * their matchers, and the ones after it in the pack's order take their own
 * tokens' hits from that walk.
 *
 * A walk serves one Analyze call. The SDK runs a call's policies one after
 * another in the pack's order, and the engine never analyses one URN twice at
 * once, so a policy asking again about a URN, or asking before the policy that
 * walked it, is in a later call (the same URN at `pulumi up`, or a test
 * reusing it): it walks afresh. Without a URN nothing is shared. When the
 * shared walk passes its bounds, each policy walks on its own, so that only a
 * policy whose own walk must decode the oversized value fails closed on it
 * (the union's tokens make the shared walk decode more than any one policy's).
 */
import { Hit, TokenMatcher, findHits, tokenMatcher } from "./property-scan";

/** The sharing policies, in the pack's order (policies/index.ts sets it from the one list of policies). */
let order: readonly string[] = [];
/** Each sharing policy's current matcher (its config's, its preview's discovered IDs). */
const members = new Map<string, TokenMatcher>();
let union: { matcher: TokenMatcher | undefined; members: ReadonlyMap<string, TokenMatcher> } | undefined;

interface Walk {
    /** Who walked, and the matchers the walk's union held. */
    walker: string;
    members: ReadonlyMap<string, TokenMatcher>;
    /** The ranks of the policies served, as bits: a Set per resource would cost an allocation each. */
    served: number;
    hits?: Hit[];
    /** The shared walk passed its bounds: each policy walks on its own. */
    exceeded?: boolean;
}
/** The latest walks by URN: a call's policies follow one another closely, so a few hundred outlast any interleaving. */
const walks = new Map<string, Walk>();
const MAX_WALKS = 256;

/** Declares which policies share a walk, in the order the pack runs them. */
export function shareScanAmong(policies: readonly string[]): void {
    order = [...policies];
    walks.clear();
}

/** Forgets every walk: the next preview's first call walks afresh. */
export const forgetSharedScans = (): void => walks.clear();

const rank = (policy: string) => order.indexOf(policy);

/** A policy's hits: its own tokens' share of the resource's shared walk, or a walk of its own. Throws ScanLimitError. */
export function sharedHits(policy: string, urn: string, props: unknown, matcher: TokenMatcher): Hit[] {
    if (rank(policy) < 0 || urn === "") return findHits(props, matcher);
    if (members.get(policy) !== matcher) {
        members.set(policy, matcher);
        union = undefined;
    }
    const walk = walks.get(urn);
    const bit = 1 << rank(policy);
    if (walk && walk.members.get(policy) === matcher && (walk.served & bit) === 0 && rank(policy) > rank(walk.walker)) {
        walk.served |= bit;
        return walk.exceeded ? findHits(props, matcher) : ownShare(walk, matcher);
    }
    if (!union) union = { matcher: tokenMatcher([...members.values()].flatMap((m) => [...m.tokens])), members: new Map(members) };
    const fresh: Walk = { walker: policy, members: union.members, served: bit };
    try {
        fresh.hits = union.matcher ? findHits(props, union.matcher) : [];
    } catch {
        fresh.exceeded = true;
    }
    // A URN seen again keeps its old place in the eviction order: at worst a later policy walks on its own.
    walks.set(urn, fresh);
    if (walks.size > MAX_WALKS) walks.delete(walks.keys().next().value as string);
    return fresh.exceeded ? findHits(props, matcher) : ownShare(fresh, matcher);
}

/** The hits of the walk that hold one of this matcher's tokens, each with only those tokens. */
function ownShare(walk: Walk, matcher: TokenMatcher): Hit[] {
    const share: Hit[] = [];
    for (const hit of walk.hits ?? []) {
        const tokens = hit.tokens.filter((token) => matcher.tokens.has(token));
        if (tokens.length > 0) share.push(tokens.length === hit.tokens.length ? hit : { ...hit, token: tokens[0], tokens });
    }
    return share;
}
