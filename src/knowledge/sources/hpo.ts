import { invalidInput } from '../../errors.js';
import { columnIndex, fieldOf } from '../delimited.js';
import type { HpoDiseases, HpoGenes, HpoOntology, Lines, Parsed } from '../types.js';

const OBO = 'http://purl.obolibrary.org/obo/';
const ALT_ID = 'http://www.geneontology.org/formats/oboInOwl#hasAlternativeId';
const REPLACED_BY = 'http://purl.obolibrary.org/obo/IAO_0100001';
const HP_ID = /^HP:[0-9]{7}$/;

interface ObographNode {
  id?: unknown;
  lbl?: unknown;
  meta?: { deprecated?: boolean; basicPropertyValues?: { pred?: string; val?: string }[] };
}

/** `http://purl.obolibrary.org/obo/HP_0001250` → `HP:0001250`; other IRIs → undefined. */
function curie(iri: unknown): string | undefined {
  if (typeof iri !== 'string' || !iri.startsWith(`${OBO}HP_`)) return undefined;
  return `HP:${iri.slice(OBO.length + 3)}`;
}

/**
 * hp.json (obographs): HP terms with labels and `is_a` parents; obsolete terms are dropped and
 * their ids, like alternative ids, map to the term that replaces them (so old case data still
 * resolves). The release is the date in `graphs[0].meta.version`.
 */
export function parseHpoOntology(text: string): Parsed<HpoOntology> {
  let doc: { graphs?: { nodes?: ObographNode[]; edges?: { sub?: string; pred?: string; obj?: string }[]; meta?: { version?: string } }[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    throw invalidInput('JSON_INVALID', `not JSON: ${(err as Error).message}`, { field: 'json' });
  }
  const graph = doc.graphs?.[0];
  if (!graph || !Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) {
    throw invalidInput('HPO_SHAPE', 'expected an obographs document with graphs[0].nodes and graphs[0].edges', { field: 'graphs[0]' });
  }
  const terms: HpoOntology['terms'] = {};
  const altIds: Record<string, string> = {};
  graph.nodes.forEach((node, k) => {
    const id = curie(node.id);
    if (!id) return;
    const props = node.meta?.basicPropertyValues ?? [];
    if (node.meta?.deprecated) {
      const by = curie(props.find((p) => p.pred === REPLACED_BY)?.val);
      if (by) altIds[id] = by;
      return;
    }
    if (typeof node.lbl !== 'string') throw invalidInput('HPO_LABEL', `term ${id} has no label`, { field: `graphs[0].nodes[${k}].lbl` });
    terms[id] = { label: node.lbl, parents: [] };
    for (const p of props) if (p.pred === ALT_ID && p.val && HP_ID.test(p.val)) altIds[p.val] = id;
  });
  for (const e of graph.edges) {
    if (e.pred !== 'is_a') continue;
    const child = curie(e.sub);
    const parent = curie(e.obj);
    if (child && parent && terms[child] && terms[parent]) terms[child].parents.push(parent);
  }
  const m = /releases\/([0-9]{4}-[0-9]{2}-[0-9]{2})\//.exec(graph.meta?.version ?? '');
  return { data: { terms, altIds }, version: m ? m[1]! : null };
}

/**
 * genes_to_phenotype.txt in both layouts: the pre-2023-04 one (`#Format: entrez-gene-id<tab>…`,
 * 9 columns) and the newer header `ncbi_gene_id gene_symbol hpo_id …`. Versionless: the release
 * comes from the file name or folder.
 */
export async function parseHpoGenes(lines: Lines): Promise<Parsed<HpoGenes>> {
  const sets = new Map<string, Set<string>>();
  let symbolCol = -1;
  let termCol = -1;
  for await (const [line, n] of lines) {
    if (symbolCol < 0) {
      const header = line.replace(/^#Format: /, '').split(/\t|<tab>/);
      symbolCol = header.findIndex((h) => h === 'entrez-gene-symbol' || h === 'gene_symbol');
      termCol = header.findIndex((h) => h === 'HPO-Term-ID' || h === 'hpo_id');
      if (symbolCol < 0 || termCol < 0) {
        throw invalidInput('HPO_GENES_HEADER', 'first line is not a genes_to_phenotype header (gene symbol and HPO term columns)', { line: n, field: 'header' });
      }
      continue;
    }
    if (line === '') continue;
    const fields = line.split('\t');
    const symbol = fields[symbolCol];
    const term = fields[termCol];
    if (!symbol || !term || !HP_ID.test(term)) {
      throw invalidInput('HPO_GENES_ROW', `expected a gene symbol and an HP:nnnnnnn term, got "${symbol ?? ''}" and "${term ?? ''}"`, { line: n, field: 'hpo_id' });
    }
    let set = sets.get(symbol);
    if (!set) sets.set(symbol, (set = new Set()));
    set.add(term);
  }
  const genes: Record<string, string[]> = {};
  for (const [g, s] of [...sets].sort((a, b) => (a[0] < b[0] ? -1 : 1))) genes[g] = [...s].sort();
  return { data: { genes }, version: null };
}

/**
 * phenotype.hpoa: phenotype rows (aspect P) without the NOT qualifier, per disease. Accepts the
 * 2023 header (`#DatabaseID`) and the newer one (`database_id`); the release is `#date:`.
 */
export async function parseHpoDiseases(lines: Lines): Promise<Parsed<HpoDiseases>> {
  const diseases: HpoDiseases['diseases'] = {};
  let version: string | null = null;
  let cols: { id: number; name: number; qualifier: number; term: number; aspect: number } | undefined;
  for await (const [line, n] of lines) {
    if (!cols) {
      const date = /^#date: *([0-9]{4}-[0-9]{2}-[0-9]{2})/.exec(line);
      if (date) version = date[1]!;
      if (/^#?(DatabaseID|database_id)\t/.test(line)) {
        const h = line.split('\t');
        const pick = (a: string, b: string) => (h.some((x) => x.replace(/^#/, '') === a) ? columnIndex(h, a, n) : columnIndex(h, b, n));
        cols = { id: pick('DatabaseID', 'database_id'), name: pick('DiseaseName', 'disease_name'), qualifier: pick('Qualifier', 'qualifier'), term: pick('HPO_ID', 'hpo_id'), aspect: pick('Aspect', 'aspect') };
      }
      continue;
    }
    if (line === '') continue;
    // No quoting in hpoa (names carry quotes literally), so a plain split.
    const row = { fields: line.split('\t'), line: n };
    if (fieldOf(row, cols.aspect, 'Aspect') !== 'P' || fieldOf(row, cols.qualifier, 'Qualifier') === 'NOT') continue;
    const term = fieldOf(row, cols.term, 'HPO_ID');
    if (!HP_ID.test(term)) throw invalidInput('HPOA_TERM', `HPO_ID: expected HP:nnnnnnn, got "${term}"`, { line: n, field: 'HPO_ID' });
    const id = fieldOf(row, cols.id, 'DatabaseID');
    const entry = (diseases[id] ??= { name: fieldOf(row, cols.name, 'DiseaseName'), terms: [] });
    if (!entry.terms.includes(term)) entry.terms.push(term);
  }
  if (!cols) throw invalidInput('HPOA_HEADER', 'no DatabaseID/database_id header line found', { field: 'header' });
  return { data: { diseases }, version };
}
