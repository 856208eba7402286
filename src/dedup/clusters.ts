import { listClusterNodes, nearestNeighbourPairs, type ClusterNode } from '../db/question-neighbours.js';
import { findQuestionsByIds, type QuestionScope, type QuestionView } from '../db/questions.js';
import type { AppDeps } from '../deps.js';
import { assertEmbedderMatches, requireCollection } from '../ingestion/collections.js';
import { leaderClusters, type DuplicateEdge } from './leader-clusters.js';
import { activeProfile } from './questions.js';
import { combinedSimilarity, isDuplicateScore, pairSignals, type ScoringProfile } from './scoring.js';
import { lexicalProfile, type LexicalProfile } from './similarity.js';
import { validateThreshold } from './validate.js';

export type DuplicateCluster = { canonical: QuestionView; members: QuestionView[]; size: number };

/** Neighbours examined per distinct question (5 found the same pairs as 10 in the bench, in half the time), questions per statement, statements in flight (one per core here). */
export const CLUSTER_NEIGHBOURS = 5;
const BATCH = 500;
const CONCURRENCY = 2;
const VIEW_BATCH = 5000;

/**
 * Groups a collection's questions into duplicate clusters. Exact repeats collapse onto their oldest copy first; for
 * each distinct text, its nearest neighbours by cosine (HNSW) are scored like `similarQuestions`, and the pairs past
 * the threshold are grouped by leader clustering (see `leaderClusters`: every member is a duplicate of its cluster's
 * oldest question, no chaining). Stored links play no part, so the result shows what the threshold implies; editors
 * apply it with `mergeQuestions`. A cluster's canonical question is the one its members already link to, if any,
 * else its oldest. Clusters come largest first. @default threshold the embedder's calibrated default
 */
export async function duplicateClusters(
  deps: AppDeps,
  input: { tenantId: string; collection: string; threshold?: number | undefined },
): Promise<DuplicateCluster[]> {
  validateThreshold(input.threshold);
  const collection = await requireCollection(deps, input.tenantId, input.collection);
  assertEmbedderMatches(deps, collection);
  const scope = { tenantId: input.tenantId, collectionId: collection.id };
  const nodes = await listClusterNodes(deps.db, scope);
  const representative = representatives(nodes);
  const edges = await scoreNeighbours(deps, { scope, nodes, representative, dimension: collection.embeddingDimension, profile: activeProfile(deps, input.threshold) });
  const groups = leaderClusters(representative, edges);
  const views = await loadViews(deps, scope.tenantId, groups.flat().map((index) => nodes[index]?.id ?? ''));
  const clusters = groups.map((group) => toCluster(group.map((index) => views.get(nodes[index]?.id ?? '')).filter((view) => view !== undefined)));
  return clusters.sort((a, b) => b.size - a.size);
}

/** For each node, the index of the oldest node with the same normalised text (itself for the first copy). */
function representatives(nodes: readonly ClusterNode[]): number[] {
  const firstByHash = new Map<string, number>();
  return nodes.map((node, index) => {
    const first = firstByHash.get(node.normalizedHash);
    if (first !== undefined) return first;
    firstByHash.set(node.normalizedHash, index);
    return index;
  });
}

async function scoreNeighbours(
  deps: AppDeps,
  { scope, nodes, representative, dimension, profile }: { scope: QuestionScope; nodes: ClusterNode[]; representative: number[]; dimension: number; profile: ScoringProfile },
): Promise<DuplicateEdge[]> {
  const indexOf = new Map(nodes.map((node, index) => [node.id, index]));
  const profiles: LexicalProfile[] = nodes.map((node) => lexicalProfile(node.normalizedText));
  const side = (index: number) => ({ normalized: nodes[index]?.normalizedText ?? '', profile: profiles[index] ?? lexicalProfile('') });
  // Alphabetical order puts similar texts, hence nearby vectors, in one batch: consecutive HNSW walks then touch the
  // same index pages, still in shared buffers, instead of reading the index afresh for each. The pairs found are the
  // same; on the 100k bench backlog the sweep took 50 s instead of 90 s (creation order), side by side.
  const distinct = nodes
    .filter((_, index) => representative[index] === index)
    .sort((a, b) => (a.normalizedText < b.normalizedText ? -1 : a.normalizedText > b.normalizedText ? 1 : 0))
    .map((node) => node.id);
  const batches: string[][] = [];
  for (let start = 0; start < distinct.length; start += BATCH) batches.push(distinct.slice(start, start + BATCH));
  const edges: DuplicateEdge[] = [];
  const worker = async () => {
    for (let ids = batches.shift(); ids !== undefined; ids = batches.shift()) {
      for (const pair of await nearestNeighbourPairs(deps.db, { ...scope, ids, k: CLUSTER_NEIGHBOURS, dimension })) {
        const left = indexOf.get(pair.id);
        const neighbour = indexOf.get(pair.neighbourId);
        if (left === undefined || neighbour === undefined) continue; // submitted after the node list was read
        const right = representative[neighbour] ?? neighbour;
        const signals = pairSignals(side(left), side(right), pair.cosine);
        const similarity = combinedSimilarity(signals, profile);
        if (isDuplicateScore(similarity, signals, profile.threshold)) edges.push({ left, right, similarity });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return edges;
}

async function loadViews(deps: AppDeps, tenantId: string, ids: string[]): Promise<Map<string, QuestionView>> {
  const views = new Map<string, QuestionView>();
  for (let start = 0; start < ids.length; start += VIEW_BATCH) {
    for (const view of await findQuestionsByIds(deps.db, tenantId, ids.slice(start, start + VIEW_BATCH))) views.set(view.id, view);
  }
  return views;
}

/** `members` are in creation order and include the canonical question. */
function toCluster(members: QuestionView[]): DuplicateCluster {
  const linkedTo = new Set(members.map((member) => member.canonicalId));
  const canonical = members.find((member) => member.canonicalId === null && linkedTo.has(member.id)) ?? members[0];
  if (canonical === undefined) throw new Error('a duplicate cluster cannot be empty');
  return { canonical, members, size: members.length };
}
