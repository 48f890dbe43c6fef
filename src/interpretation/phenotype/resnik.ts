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
  matches: TermMatch[];
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
    const matches: TermMatch[] = [];
    queries.forEach((q, i) => {
      const { ic, mica } = tables[i]!;
      let best = -1;
      let bestTerm = terms[0]!;
      // On equal IC, the match through the query term itself reads best ("exact" rather than a sibling via a parent).
      for (const t of terms) if (ic[t]! > best || (ic[t] === best && mica[t] === q && mica[bestTerm] !== q)) [best, bestTerm] = [ic[t]!, t];
      sum += best;
      const m = mica[bestTerm]!;
      matches.push({ query: index.ids[q]!, queryLabel: index.label(q), geneTerm: index.ids[bestTerm]!, mica: index.ids[m]!, micaLabel: index.label(m), ic: round(best) });
    });
    const resnik = queries.length > 0 ? sum / queries.length : 0;
    out.set(gene, { gene, score: selfIc > 0 ? round(resnik / selfIc) : 0, resnik: round(resnik), matches });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
