import { combineCriteria, type Combination } from './combine.js';
import { evaluateFrequency, type FrequencyInput } from './frequency.js';
import { evaluateInSilico, type ScoreCalibration } from './insilico.js';
import { evaluateBp7, evaluateLengthChange, evaluateResidue, type KnownPathogenic } from './protein.js';
import { evaluatePvs1, type LofMechanism, type Pvs1Input } from './pvs1.js';
import { evaluateDeNovo, evaluatePhase, type DeNovoInput, type PhaseInput } from './segregation.js';
import { notMet, type Criterion } from './types.js';

export interface AcmgInput {
  /** `chrom:pos1:ref:alt`, normalised. */
  allele: string;
  consequences: string[];
  hgvsp?: string;
  transcript?: Omit<Pvs1Input, 'consequences' | 'mechanism'>;
  mechanism?: LofMechanism;
  inRepeat?: boolean;
  frequency?: FrequencyInput;
  known?: { variants: KnownPathogenic[]; source?: string };
  score?: { value: number; calibration?: ScoreCalibration };
  splice?: { name: string; value: number; max?: number };
  deNovo?: DeNovoInput;
  phase?: PhaseInput;
}

export interface AcmgResult {
  /** Every criterion evaluated, met or not, in the order of Richards 2015 Table 3/4. */
  criteria: Criterion[];
  combination: Combination;
}

/**
 * The automatable ACMG/AMP criteria for one variant, then both combinations. A criterion whose
 * input is absent is listed as not met with the reason (so the curator sees what was not
 * assessed); PP1 and the functional, case-level and database criteria stay with the curator.
 */
export function classifyVariant(input: AcmgInput): AcmgResult {
  const c = input.consequences;
  const pvs1 = input.mechanism
    ? evaluatePvs1({ ...input.transcript, consequences: c, mechanism: input.mechanism })
    : notMet('PVS1', 'no gene mechanism evidence given (ClinGen dosage or ClinVar)');
  const [ps1, pm5] = evaluateResidue({ consequences: c, allele: input.allele, known: input.known?.variants ?? [], ...(input.hgvsp ? { hgvsp: input.hgvsp } : {}), ...(input.known?.source ? { source: input.known.source } : {}) });
  const [pm2, bs1, ba1] = input.frequency
    ? evaluateFrequency(input.frequency)
    : (['PM2', 'BS1', 'BA1'] as const).map((code) => notMet(code, 'no population frequency source'));
  const [pm4, bp3] = evaluateLengthChange(c, input.inRepeat);
  const [pp3, bp4] = evaluateInSilico(c, input.score?.value, input.score?.calibration);
  const bp7 = evaluateBp7(c, input.splice);
  const [ps2, pm6] = input.deNovo ? evaluateDeNovo(input.deNovo) : [notMet('PS2', 'no parental genotypes'), notMet('PM6', 'no parental genotypes')];
  const [pm3, bp2] = input.phase ? evaluatePhase(input.phase) : [notMet('PM3', 'no parental genotypes'), notMet('BP2', 'no parental genotypes')];
  const pp1 = notMet('PP1', 'not automated: co-segregation across the family is assessed by a curator');
  const criteria = [pvs1, ps1, ps2, pm2!, pm3, pm4, pm5, pm6, pp1, pp3, ba1!, bs1!, bp2, bp3, bp4, bp7];
  return { criteria, combination: combineCriteria(criteria) };
}
