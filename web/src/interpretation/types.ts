/** The interpretation API's shapes (src/interpretation/schemas.ts). */
export interface HpoTerm {
  id: string;
  label: string | null;
}

export interface Phenotype {
  caseId: string;
  terms: HpoTerm[];
  setBy: string | null;
  setAt: string | null;
}

export interface RunView {
  id: string;
  caseId: string;
  status: 'running' | 'completed' | 'failed';
  knowledge: { id: string; curatedVersion: number; sources: Record<string, string>; demo: boolean };
  pipelineVersion: string;
  hpoTerms: string[];
  family: Array<{ relationship: 'proband' | 'mother' | 'father'; participantId: string; sex: string; sampleId: string | null }>;
  error: { code: string; message: string } | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  candidates?: number;
}

export interface RunList {
  caseId: string;
  notReady: string | null;
  items: RunView[];
}

export interface Criterion {
  code: string;
  direction: 'pathogenic' | 'benign';
  met: boolean;
  strength: 'stand_alone' | 'very_strong' | 'strong' | 'moderate' | 'supporting';
  evidence: string;
  source?: string;
}

export interface CandidateVariant {
  key: string;
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
  consequence: string;
  impact: string;
  hgvsc: string;
  hgvsp: string;
  genotype: string;
  af: number | null;
  clinvar?: string;
  acmg?: { acmgClass: string; rule: string; points: number; pointsClass: string; criteria: string[] };
  acmgCriteria?: Criterion[];
  calls: Record<string, { gt: string; depth?: number }>;
}

export interface TermMatch {
  query: string;
  queryLabel: string;
  geneTerm: string;
  mica: string;
  micaLabel: string;
  ic: number;
}

export interface Candidate {
  rank: number;
  gene: string;
  mode: string;
  score: number;
  variantScore: number;
  phenotypeScore: number | null;
  acmgClass: string;
  variants: CandidateVariant[];
  phenotype: { score: number; resnik: number; matches: TermMatch[] } | null;
  explanation: string[];
}

export interface RunDetail {
  run: RunView;
  candidates: Candidate[];
}

/** `Likely pathogenic` → `likely_pathogenic`, the locale key of an ACMG class. */
export function classKey(acmgClass: string): string {
  return acmgClass.toLowerCase().replace(/ /g, '_');
}
