/**
 * For each vector, the `k` nearest vectors before it in the list by cosine distance (1 − cosine similarity), nearest
 * first, ties by position. Exact, O(n² · d): used on the chunks of one document before they are written, which the
 * index cannot see yet (2,500 chunks of 384 dimensions, a 5 MB document at 512 tokens a chunk, take well under a
 * second, a small part of writing them). Zero vectors are at distance 1 from everything.
 */
export function nearestEarlier(vectors: readonly (readonly number[])[], k: number): { index: number; distance: number }[][] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  const unit = vectors.map(normalised);
  return unit.map((vector, position) => {
    const nearest: { index: number; distance: number }[] = [];
    for (let earlier = 0; earlier < position && k > 0; earlier += 1) {
      const distance = 1 - dot(vector, unit[earlier] ?? vector);
      if (nearest.length === k && distance >= (nearest[k - 1]?.distance ?? Infinity)) continue;
      // Insertion into a list of at most k entries: k is small (a handful of candidates).
      let at = nearest.length;
      while (at > 0 && (nearest[at - 1]?.distance ?? -Infinity) > distance) at -= 1;
      nearest.splice(at, 0, { index: earlier, distance });
      if (nearest.length > k) nearest.pop();
    }
    return nearest;
  });
}

function normalised(vector: readonly number[]): Float64Array {
  const result = Float64Array.from(vector);
  const norm = Math.sqrt(dot(result, result));
  if (norm > 0) for (let index = 0; index < result.length; index += 1) result[index] = (result[index] ?? 0) / norm;
  return result;
}

function dot(left: Float64Array, right: Float64Array): number {
  if (left.length !== right.length) throw new RangeError(`vectors differ in length: ${left.length} vs ${right.length}`);
  let sum = 0;
  for (let index = 0; index < left.length; index += 1) sum += (left[index] ?? 0) * (right[index] ?? 0);
  return sum;
}
