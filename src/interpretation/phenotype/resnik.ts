import { invalidInput } from '../../errors.js';
import type { PhenotypeIndex } from './ontology.js';

export interface TermMatch {
  query: string;
  queryLabel: string;
  /** The gene's annotated term that matches the query term best. */
  geneTerm: string;
  /** Their most informative common ancestor and its information content. */
  mica: string;
  micaLabel: string;
  ic: number;
}

export interface PhenotypeMatch {
  gene: string;
  /** Best-match average normalised to 0–1 by the query terms' own IC (a gene annotated with every query term scores 1). */
  score: number;
  /** The raw Resnik best-match average, in nats. */
  resnik: number;
  readonly matches: TermMatch[];
}

/**
 * Resnik best-match average from the case's terms to each gene's annotations (query → gene, the
 * direction Phenomizer and Exomiser's PhenIX use): for each query term, the gene term whose
 * common ancestor is most informative; the mean of those ICs. Chosen over a likelihood-ratio
 * model (LIRICAL) for this first version because it needs only the ontology and the gene
 * annotations, is deterministic, and explains itself term by term; see docs/interpretation.md.
 */
export function phenotypeMatches(index: PhenotypeIndex, queryIds: string[]): Map<string, PhenotypeMatch> {
  const queries = queryIds.map((id) => {
    const k = index.resolve(id);
    if (k === undefined) throw invalidInput('HPO_TERM_UNKNOWN', `${id} is not a term of the HPO release in the knowledge bundle`, { field: 'hpo' });
    return k;
  });
  const tables = queries.map((q) => index.micaTable(q));
  const selfIc = queries.reduce((s, q) => s + index.ic[q]!, 0) / Math.max(queries.length, 1);
  const out = new Map<string, PhenotypeMatch>();
  for (const [gene, terms] of index.geneTerms) {
    let sum = 0;
    const bestTerms = new Int32Array(queries.length);
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i]!;
      const { ic, mica } = tables[i]!;
      let best = -1;
      let bestTerm = terms[0]!;
      for (let j = 0; j < terms.length; j++) {
        const t = terms[j]!;
        const v = ic[t]!;
        // On equal IC, the match through the query term itself reads best ("exact" rather than a sibling via a parent).
        if (v > best || (v === best && mica[t] === q && mica[bestTerm] !== q)) {
          best = v;
          bestTerm = t;
        }
      }
      sum += best;
      bestTerms[i] = bestTerm;
    }
    const resnik = queries.length > 0 ? sum / queries.length : 0;
    out.set(gene, new Match(gene, selfIc > 0 ? round(resnik / selfIc) : 0, round(resnik), () => termMatches(index, queries, tables, bestTerms)));
  }
  return out;
}

/**
 * The per-term explanation is built on first use: ranking all ~5,000 annotated genes needs only
 * the scores, and building every gene's term matches took most of the time (bench/knowledge.ts).
 */
class Match implements PhenotypeMatch {
  private cached: TermMatch[] | undefined;

  constructor(
    readonly gene: string,
    readonly score: number,
    readonly resnik: number,
    private readonly build: () => TermMatch[],
  ) {}

  get matches(): TermMatch[] {
    return (this.cached ??= this.build());
  }
}

function termMatches(index: PhenotypeIndex, queries: number[], tables: { ic: Float64Array; mica: Int32Array }[], bestTerms: Int32Array): TermMatch[] {
  return queries.map((q, i) => {
    const t = bestTerms[i]!;
    const m = tables[i]!.mica[t]!;
    return { query: index.ids[q]!, queryLabel: index.label(q), geneTerm: index.ids[t]!, mica: index.ids[m]!, micaLabel: index.label(m), ic: round(tables[i]!.ic[t]!) };
  });
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
