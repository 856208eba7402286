import { DisjointSets } from './disjoint-sets.js';

/** A pair of questions (indices in creation order) whose similarity passed the threshold. */
export type DuplicateEdge = { left: number; right: number; similarity: number };

/**
 * Groups questions (indices 0..n-1 in creation order) without chaining: plain connected components (single linkage)
 * let A≈B≈C≈… drift into one giant cluster of questions that merely share a template. Instead each question, oldest
 * first, joins the most similar older *leader* it passes the threshold with, or becomes a leader itself — so every
 * member is a duplicate of its cluster's leader, as `submitQuestion` links them. Exact repeats (`representative[i]`,
 * the oldest question with the same normalised text) always join their representative's cluster; edges are expected
 * between representatives only. Returns clusters of two or more, members ascending, ordered by their oldest member.
 */
export function leaderClusters(representative: readonly number[], edges: readonly DuplicateEdge[]): number[][] {
  const olderNeighbours = new Map<number, DuplicateEdge[]>();
  for (const edge of edges) {
    const newer = Math.max(edge.left, edge.right);
    const list = olderNeighbours.get(newer) ?? [];
    list.push(edge);
    olderNeighbours.set(newer, list);
  }
  const isLeader = new Uint8Array(representative.length);
  const sets = new DisjointSets(representative.length);
  representative.forEach((rep, index) => {
    if (rep !== index) return sets.union(index, rep);
    let best: { leader: number; similarity: number } | undefined;
    for (const edge of olderNeighbours.get(index) ?? []) {
      const other = Math.min(edge.left, edge.right);
      if (isLeader[other] !== 1 || other === index) continue;
      if (best === undefined || edge.similarity > best.similarity || (edge.similarity === best.similarity && other < best.leader)) {
        best = { leader: other, similarity: edge.similarity };
      }
    }
    if (best === undefined) isLeader[index] = 1;
    else sets.union(index, best.leader);
  });
  return sets.groups();
}
