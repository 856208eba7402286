/**
 * Union-find over 0..n-1 with path halving and union by size: near-constant time per operation, so grouping 100k
 * questions from a million candidate pairs costs milliseconds.
 */
export class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(count: number) {
    this.parent = Int32Array.from({ length: count }, (_, index) => index);
    this.size = new Int32Array(count).fill(1);
  }

  find(element: number): number {
    let node = element;
    while (this.parent[node] !== node) {
      const grandparent = this.parent[this.parent[node] ?? node] ?? node;
      this.parent[node] = grandparent;
      node = grandparent;
    }
    return node;
  }

  union(left: number, right: number): void {
    let a = this.find(left);
    let b = this.find(right);
    if (a === b) return;
    if ((this.size[a] ?? 0) < (this.size[b] ?? 0)) [a, b] = [b, a];
    this.parent[b] = a;
    this.size[a] = (this.size[a] ?? 0) + (this.size[b] ?? 0);
  }

  /** Every set with at least `minSize` elements, each in ascending element order, sets ordered by their first element. */
  groups(minSize = 2): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let element = 0; element < this.parent.length; element += 1) {
      const root = this.find(element);
      const group = byRoot.get(root);
      if (group === undefined) byRoot.set(root, [element]);
      else group.push(element);
    }
    return [...byRoot.values()].filter((group) => group.length >= minSize);
  }
}
