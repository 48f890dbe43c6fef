import { invalidInput } from '../errors.js';
import type { BuildContext } from './bundle.js';
import { parseAcmgSf } from './sources/acmg-sf.js';
import { parseCivicEvidence, parseCivicVariants } from './sources/civic.js';
import { parseClingenDosage, parseClingenValidity } from './sources/clingen.js';
import { parseClinvarVcf } from './sources/clinvar.js';
import { addProteinChanges } from './clinvar-protein.js';
import { parseHpoDiseases, parseHpoGenes, parseHpoOntology } from './sources/hpo.js';
import { parseMane } from './sources/mane.js';
import { parseOncotree } from './sources/oncotree.js';
import { parsePanelApp } from './sources/panelapp.js';
import { versionFromPath } from './sources/version.js';
import type { HpoDiseases, HpoGenes, Lines, Panel, Parsed } from './types.js';

export type SourceKey =
  | 'hpoOntology' | 'hpoGenes' | 'hpoDiseases' | 'clinvar' | 'civicEvidence' | 'civicVariants'
  | 'panelapp' | 'clingenValidity' | 'clingenDosage' | 'acmgSf' | 'oncotree' | 'mane';

interface SpecBase {
  key: SourceKey;
  /** Command-line flag without `--`. */
  flag: string;
  name: string;
  file: string;
  /** Another source this one cannot be read without. */
  requires?: Exclude<SourceKey, 'panelapp'>;
  /** `any`: each spec has its own data type. */
  count: (data: any) => number;
  merge?: (all: any[]) => unknown;
  versionFromPath: (path: string) => string | null;
}

export type SourceSpec = SpecBase &
  (
    | { input: 'text'; parse: (text: string, context: BuildContext) => Parsed<unknown> | Promise<Parsed<unknown>> }
    | { input: 'lines'; parse: (lines: Lines, context: BuildContext) => Promise<Parsed<unknown>> }
  );

const length = (data: unknown[]) => data.length;
const keys = (data: Record<string, unknown>) => Object.keys(data).length;

/** Build order matters: the ontology first, so that annotation files resolve alternative ids. */
export const SOURCE_SPECS: SourceSpec[] = [
  {
    key: 'hpoOntology', flag: 'hpo-ontology', name: 'HPO', file: 'hpo-ontology.json', input: 'text', versionFromPath,
    parse: (text, context) => {
      const parsed = parseHpoOntology(text);
      context.hpoOntology = parsed.data;
      return parsed;
    },
    count: (d: { terms: Record<string, unknown> }) => keys(d.terms),
  },
  {
    key: 'hpoGenes', flag: 'hpo-genes', name: 'HPO gene annotations', file: 'hpo-genes.json', input: 'lines', requires: 'hpoOntology', versionFromPath,
    parse: async (lines, context) => resolveGeneTerms(await parseHpoGenes(lines), context),
    count: (d: HpoGenes) => keys(d.genes),
  },
  {
    key: 'hpoDiseases', flag: 'hpo-diseases', name: 'HPO disease annotations', file: 'hpo-diseases.json', input: 'lines', requires: 'hpoOntology', versionFromPath,
    parse: (lines) => parseHpoDiseases(lines),
    count: (d: HpoDiseases) => keys(d.diseases),
  },
  {
    key: 'clinvar', flag: 'clinvar', name: 'ClinVar', file: 'clinvar.json', input: 'lines', versionFromPath,
    parse: async (lines, context) => {
      const parsed = await parseClinvarVcf(lines);
      if (!context.reference) return parsed;
      const { annotated, annotation } = await addProteinChanges(parsed.data, context.reference, context.threads);
      return { ...parsed, derivedWith: `protein changes of ${annotated} P/LP records from ${annotation}` };
    },
    count: (d: { records: number }) => d.records,
  },
  { key: 'civicEvidence', flag: 'civic-evidence', name: 'CIViC evidence', file: 'civic-evidence.json', input: 'lines', versionFromPath, parse: (l) => parseCivicEvidence(l), count: length },
  { key: 'civicVariants', flag: 'civic-variants', name: 'CIViC variants', file: 'civic-variants.json', input: 'lines', requires: 'civicEvidence', versionFromPath, parse: (l) => parseCivicVariants(l), count: keys },
  {
    key: 'panelapp', flag: 'panelapp', name: 'PanelApp', file: 'panelapp.json', input: 'text', versionFromPath,
    parse: (text) => parsePanelApp(text),
    count: length,
    merge: (all: Panel[][]) => mergePanels(all),
  },
  { key: 'clingenValidity', flag: 'clingen-validity', name: 'ClinGen gene-disease validity', file: 'clingen-validity.json', input: 'lines', versionFromPath, parse: (l) => parseClingenValidity(l), count: length },
  { key: 'clingenDosage', flag: 'clingen-dosage', name: 'ClinGen dosage sensitivity', file: 'clingen-dosage.json', input: 'lines', versionFromPath, parse: (l) => parseClingenDosage(l), count: length },
  { key: 'acmgSf', flag: 'acmg-sf', name: 'ACMG SF', file: 'acmg-sf.json', input: 'lines', versionFromPath, parse: (l) => parseAcmgSf(l), count: length },
  { key: 'oncotree', flag: 'oncotree', name: 'OncoTree', file: 'oncotree.json', input: 'text', versionFromPath, parse: (t) => parseOncotree(t), count: length },
  { key: 'mane', flag: 'mane', name: 'MANE', file: 'mane.json', input: 'lines', versionFromPath, parse: (l) => parseMane(l), count: length },
];

/** Maps alternative and obsolete term ids to current ones; a term the ontology does not know is an error. */
function resolveGeneTerms(parsed: Parsed<HpoGenes>, context: BuildContext): Parsed<HpoGenes> {
  const ontology = context.hpoOntology!;
  const genes: Record<string, string[]> = {};
  for (const [gene, terms] of Object.entries(parsed.data.genes)) {
    const resolved = new Set<string>();
    for (const t of terms) {
      const id = ontology.terms[t] ? t : ontology.altIds[t];
      if (!id) throw invalidInput('HPO_TERM_UNKNOWN', `gene ${gene}: term ${t} is not in the HPO ontology given (same release?)`, { field: 'hpo_id' });
      resolved.add(id);
    }
    genes[gene] = [...resolved].sort();
  }
  return { data: { genes }, version: parsed.version };
}

/** Several PanelApp files: a panel given twice must be the same version (else which one is meant?). */
function mergePanels(all: Panel[][]): Panel[] {
  const byId = new Map<string, Panel>();
  for (const panel of all.flat()) {
    const seen = byId.get(panel.id);
    if (seen && seen.version !== null && panel.version !== null && seen.version !== panel.version) {
      throw invalidInput('PANEL_DUPLICATE', `panel ${panel.id} given twice with versions ${seen.version} and ${panel.version}`, { field: 'panelapp' });
    }
    // A versioned panel JSON wins over the same panel's unversioned TSV rows.
    if (!seen || (seen.version === null && panel.version !== null)) byId.set(panel.id, panel);
  }
  return [...byId.values()];
}
