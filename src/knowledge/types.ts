/**
 * The knowledge bundle's data model: what each source contributes after parsing, stored one JSON
 * file per source (see docs/knowledge-bundle.md). Field names follow the sources' own terms.
 */

/** Async lines with their 1-based numbers, as src/annotation's readLines yields them. */
export type Lines = AsyncIterable<[string, number]>;

export interface Parsed<T> {
  data: T;
  /** The release as the file states it (header, metadata, or a date/version in the file name), else null. */
  version: string | null;
  /** What else the content depends on (e.g. the gene models ClinVar's protein changes came from). */
  derivedWith?: string;
}

export interface HpoOntology {
  /** Current (non-obsolete) terms: id → label and is_a parents. */
  terms: Record<string, { label: string; parents: string[] }>;
  /** Alternative and obsolete ids → current id (when the ontology names one). */
  altIds: Record<string, string>;
}

/** Gene symbol → HPO term ids annotated to it (genes_to_phenotype.txt). */
export interface HpoGenes {
  genes: Record<string, string[]>;
}

/** Disease id (OMIM:…, ORPHA:…) → name and phenotype terms (phenotype.hpoa, aspect P, not NOT). */
export interface HpoDiseases {
  diseases: Record<string, { name: string; terms: string[] }>;
}

export interface ClinvarVariant {
  id: string;
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
  /** CLNSIG as written (`Pathogenic`, `Likely_pathogenic`, `Pathogenic/Likely_pathogenic`). */
  clnsig: string;
  clnrevstat: string;
  gene: string;
  /** Sequence Ontology terms from INFO/MC (`nonsense`, `frameshift_variant`, …). */
  mc: string[];
  /** HGVSp on the gene's canonical transcript, when built with `--reference` (for PS1/PM5). */
  hgvsp?: string;
}

export interface ClinvarGeneSummary {
  /** Pathogenic or likely pathogenic records. */
  plp: number;
  /** Of those, loss-of-function by MC (nonsense, frameshift, canonical splice, start lost). */
  plpLof: number;
  plpMissense: number;
  /** Benign or likely benign missense records (used by BP1-style evidence; kept for display). */
  blbMissense: number;
}

export interface ClinvarKnowledge {
  /** Pathogenic / likely pathogenic records only (see docs/knowledge-bundle.md for why). */
  pathogenic: ClinvarVariant[];
  genes: Record<string, ClinvarGeneSummary>;
  records: number;
}

export interface CivicEvidence {
  id: string;
  molecularProfile: string;
  gene: string;
  /** Protein change or variant name (`V600E`, `Amplification`). */
  variant: string;
  disease: string;
  doid: string;
  therapies: string[];
  evidenceType: string;
  evidenceDirection: string;
  evidenceLevel: string;
  significance: string;
  rating: number | null;
  variantOrigin: string;
  citation: string;
}

export interface CivicKnowledge {
  evidence: CivicEvidence[];
  /** CIViC variant id → gene, name and GRCh37 protein/genomic HGVS from the variants file. */
  variants: Record<string, { gene: string; variant: string; hgvs: string[]; molecularProfileId: string }>;
}

export interface PanelGene {
  symbol: string;
  /** PanelApp confidence: 3 green, 2 amber, 1 red, 0 none. */
  confidence: number;
  modeOfInheritance: string;
}

export interface Panel {
  id: string;
  name: string;
  version: string | null;
  genes: PanelGene[];
}

export interface ClingenValidity {
  gene: string;
  hgncId: string;
  disease: string;
  mondoId: string;
  moi: string;
  classification: string;
  date: string;
}

export interface ClingenDosage {
  gene: string;
  /** Scores as ClinGen writes them: 0–3, 30 (AR), 40 (unlikely), or text such as `Not yet evaluated`. */
  haploinsufficiency: string;
  triplosensitivity: string;
}

export interface AcmgSfGene {
  gene: string;
  disease: string;
  inheritance: string;
  /** The SF list version that added the gene (`1.0` … `3.2`). */
  addedIn: string;
  variantsToReport: string;
}

export interface OncotreeNode {
  code: string;
  name: string;
  mainType: string | null;
  tissue: string | null;
  parent: string | null;
  level: number;
}

export interface ManeTranscript {
  gene: string;
  hgncId: string;
  ensemblGene: string;
  ensemblTranscript: string;
  refseqTranscript: string;
  refseqProtein: string;
  status: string;
  chrom: string;
  start1: number;
  end1: number;
  strand: '+' | '-';
}
