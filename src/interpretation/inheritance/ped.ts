import { invalidInput } from '../../errors.js';

export type Sex = 'male' | 'female' | 'unknown';

export interface PedIndividual {
  family: string;
  id: string;
  father: string | null;
  mother: string | null;
  sex: Sex;
  /** PED phenotype: 2 affected, 1 unaffected, 0 / -9 unknown (null). */
  affected: boolean | null;
  line: number;
}

/**
 * A standard 6-column PED file (PLINK / GATK / Exomiser): family, individual, father, mother,
 * sex (1 male, 2 female, other unknown), phenotype (2 affected, 1 unaffected, 0 or -9 unknown);
 * whitespace-separated, `#` comments. Pure: text in; errors carry the line and the column.
 */
export function parsePed(text: string): PedIndividual[] {
  const out: PedIndividual[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, k) => {
    const line = k + 1;
    const t = raw.replace(/\r$/, '').trim();
    if (t === '' || t.startsWith('#')) return;
    const f = t.split(/\s+/);
    if (f.length < 6) throw invalidInput('PED_COLUMNS', `expected 6 columns (family, individual, father, mother, sex, phenotype), got ${f.length}`, { line, field: 'columns' });
    const [family, id, father, mother, sex, phenotype] = f as [string, string, string, string, string, string];
    if (seen.has(id)) throw invalidInput('PED_DUPLICATE', `individual ${id} appears twice`, { line, field: 'individual' });
    seen.add(id);
    if (!['0', '1', '2', '-9'].includes(phenotype)) {
      throw invalidInput('PED_PHENOTYPE', `phenotype: expected 0, 1, 2 or -9 (quantitative traits are not supported), got "${phenotype}"`, { line, field: 'phenotype' });
    }
    out.push({
      family, id,
      father: father === '0' ? null : father,
      mother: mother === '0' ? null : mother,
      sex: sex === '1' ? 'male' : sex === '2' ? 'female' : 'unknown',
      affected: phenotype === '2' ? true : phenotype === '1' ? false : null,
      line,
    });
  });
  // A parent named but not listed on its own line is allowed (PLINK does too): unknown sex and status.
  return out;
}

/** The proband's trio as the ranking needs it. Parents may be absent (duo, singleton) or unsequenced. */
export interface Family {
  proband: string;
  sex: Sex;
  mother?: { id: string; affected: boolean | null };
  father?: { id: string; affected: boolean | null };
  /**
   * The calls come from a store of variant calls only (the platform's variant store): a parent's
   * call without a depth is "no variant call in a genome that passed QC", read as homozygous
   * reference for de novo (modes and PS2/PM6), and said so in the evidence.
   */
  noCallMeansHomRef?: boolean;
}

/**
 * The family around `proband` (default: the only affected individual with a sample in the VCF).
 * Parents count only when their sample is in the VCF; others are ignored.
 */
export function familyOf(ped: PedIndividual[], samples: string[], proband?: string): Family {
  const inVcf = (id: string | null) => id !== null && samples.includes(id);
  let p: PedIndividual | undefined;
  if (proband !== undefined) {
    p = ped.find((x) => x.id === proband);
    if (!p) throw invalidInput('PROBAND_UNKNOWN', `proband ${proband} is not in the PED file`, { field: 'proband' });
  } else {
    const affected = ped.filter((x) => x.affected === true && inVcf(x.id));
    if (affected.length !== 1) throw invalidInput('PROBAND_AMBIGUOUS', `${affected.length} affected individuals with samples in the VCF; name one with --proband`, { field: 'proband' });
    p = affected[0]!;
  }
  if (!inVcf(p.id)) throw invalidInput('PROBAND_NOT_IN_VCF', `proband ${p.id} has no sample in the VCF (samples: ${samples.join(', ')})`, { field: 'proband' });
  const parent = (id: string | null) => {
    const x = inVcf(id) ? ped.find((y) => y.id === id) : undefined;
    return x ? { id: x.id, affected: x.affected } : undefined;
  };
  const mother = parent(p.mother);
  const father = parent(p.father);
  return { proband: p.id, sex: p.sex, ...(mother ? { mother } : {}), ...(father ? { father } : {}) };
}
