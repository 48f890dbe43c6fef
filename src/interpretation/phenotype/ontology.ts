/** The parts of an ontology and its annotations that similarity needs (from the knowledge bundle). */
export interface OntologyInput {
  terms: Record<string, { label: string; parents: string[] }>;
  altIds: Record<string, string>;
  /** Annotated entity (gene) → term ids. */
  annotations: Record<string, string[]>;
}

/**
 * An HPO index: term ids as dense integers, parents, and each term's information content
 * IC(t) = −ln(n(t)/N), where n(t) is the number of genes annotated with t or a descendant (the
 * true-path rule) and N the number of annotated genes. Terms no gene reaches get the IC of a
 * single annotation, −ln(1/N), so a query term more specific than any annotation is not infinite.
 */
export class PhenotypeIndex {
  readonly ids: string[];
  readonly index = new Map<string, number>();
  readonly parents: Int32Array[];
  readonly ic: Float64Array;
  /** Gene → its annotated term indices. */
  readonly geneTerms = new Map<string, Int32Array>();
  readonly genes: number;
  private readonly order: Int32Array;

  constructor(private readonly input: OntologyInput) {
    this.ids = Object.keys(input.terms);
    this.ids.forEach((id, k) => this.index.set(id, k));
    this.parents = this.ids.map((id) => Int32Array.from(input.terms[id]!.parents.map((p) => this.index.get(p)!).filter((p) => p !== undefined)));
    this.order = topologicalOrder(this.parents);
    const counts = new Float64Array(this.ids.length);
    let genes = 0;
    for (const [gene, terms] of Object.entries(input.annotations)) {
      const idx = Int32Array.from(terms.map((t) => this.resolve(t)).filter((t): t is number => t !== undefined));
      if (idx.length === 0) continue;
      this.geneTerms.set(gene, idx);
      genes++;
      for (const a of this.ancestors(idx)) counts[a]!++;
    }
    this.genes = genes;
    this.ic = counts.map((n) => -Math.log(Math.max(n, 1) / Math.max(genes, 1)));
  }

  /** Current index of an id or alternative id; undefined when unknown. */
  resolve(id: string): number | undefined {
    return this.index.get(id) ?? this.index.get(this.input.altIds[id] ?? '');
  }

  label(k: number): string {
    return this.input.terms[this.ids[k]!]!.label;
  }

  /** The terms and all their ancestors (each once). */
  ancestors(terms: Iterable<number>): Set<number> {
    const seen = new Set<number>();
    const stack = [...terms];
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (seen.has(t)) continue;
      seen.add(t);
      for (const p of this.parents[t]!) stack.push(p);
    }
    return seen;
  }

  /**
   * For one query term q, the most informative common ancestor with every term t: MICA(q, t) is
   * t itself when t is an ancestor of q, else the best of t's parents' (IC only grows towards the
   * leaves, so this dynamic programme over a parents-first order is exact). One pass per query
   * term over the ontology (~17k terms), instead of an ancestor intersection per (q, t) pair.
   */
  micaTable(q: number): { ic: Float64Array; mica: Int32Array } {
    const anc = this.ancestors([q]);
    const ic = new Float64Array(this.ids.length);
    const mica = new Int32Array(this.ids.length).fill(-1);
    for (const t of this.order) {
      if (anc.has(t)) {
        ic[t] = this.ic[t]!;
        mica[t] = t;
        continue;
      }
      for (const p of this.parents[t]!) {
        if (mica[p]! >= 0 && ic[p]! > ic[t]!) {
          ic[t] = ic[p]!;
          mica[t] = mica[p]!;
        } else if (mica[t]! < 0 && mica[p]! >= 0) mica[t] = mica[p]!;
      }
    }
    return { ic, mica };
  }
}

/** Parents before children (Kahn's algorithm on the is_a DAG). */
function topologicalOrder(parents: Int32Array[]): Int32Array {
  const n = parents.length;
  const children: number[][] = Array.from({ length: n }, () => []);
  const pending = new Int32Array(n);
  parents.forEach((ps, c) => {
    pending[c] = ps.length;
    for (const p of ps) children[p]!.push(c);
  });
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let k = 0; k < n; k++) if (pending[k] === 0) order[tail++] = k;
  while (head < tail) {
    const t = order[head++]!;
    for (const c of children[t]!) if (--pending[c]! === 0) order[tail++] = c;
  }
  return order.subarray(0, tail);
}
