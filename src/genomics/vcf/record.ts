import { invalidInput } from '../../errors.js';
import type { VcfHeader } from './header.js';
import { checkValue, typedValues, type VcfWarnings } from './values.js';

const POSITIVE_INTEGER = /^[1-9][0-9]*$/;
const BASES = /^[ACGTNacgtn]+$/;
/** Symbolic (<DEL>), breakend (G]17:198982]), spanning deletion (*) and missing (.) alleles. */
const SPECIAL_ALT = /^(?:<[^<>]+>|\*|[ACGTNacgtn]*[[\]][^[\]]+[[\]][ACGTNacgtn]*|\.[ACGTNacgtn]+|[ACGTNacgtn]+\.)$/;

/**
 * One data line. The eight fixed columns are split and checked; sample columns stay one string
 * until asked for (vcf-js does the same: most annotation never reads genotypes).
 */
export class VcfRecord {
  /** Parsed INFO, built on first use. */
  private infoMap: Map<string, string | true> | undefined;
  private sampleColumns: string[] | undefined;

  constructor(
    readonly line: string,
    readonly CHROM: string,
    readonly pos1: number,
    readonly ID: string,
    readonly REF: string,
    /** Empty when ALT is '.' */
    readonly ALT: string[],
    readonly QUAL: string,
    readonly FILTER: string,
    readonly INFO: string,
    /** Column 9 and the sample columns, unsplit ('' when absent). */
    readonly formatAndSamples: string,
    /** Where INFO starts in `line`, so a writer can replace it without re-joining columns. */
    readonly infoOffset0: number,
  ) {}

  /** INFO as key → raw value (true for a Flag). */
  info(): Map<string, string | true> {
    if (!this.infoMap) this.infoMap = splitInfo(this.INFO);
    return this.infoMap;
  }

  get FORMAT(): string[] {
    if (this.formatAndSamples === '') return [];
    const tab = this.formatAndSamples.indexOf('\t');
    return (tab < 0 ? this.formatAndSamples : this.formatAndSamples.slice(0, tab)).split(':');
  }

  /** The raw sample columns (without FORMAT). */
  samples(): string[] {
    if (!this.sampleColumns) this.sampleColumns = this.formatAndSamples === '' ? [] : this.formatAndSamples.split('\t').slice(1);
    return this.sampleColumns;
  }

  /** One FORMAT value of one sample (e.g. 'AD' → '12,3'), or undefined when absent. */
  sampleValue(sampleIndex: number, key: string): string | undefined {
    const k = this.FORMAT.indexOf(key);
    const column = this.samples()[sampleIndex];
    if (k < 0 || column === undefined) return undefined;
    return column.split(':')[k];
  }

  /**
   * One sample's FORMAT field as typed values, checked against its header line (Number and Type),
   * e.g. AD → [12, 3]; undefined when the record has no such key. Errors name FORMAT/<key>.
   */
  formatValues(header: VcfHeader, sampleIndex: number, key: string): (number | string | null)[] | undefined {
    const raw = this.sampleValue(sampleIndex, key);
    if (raw === undefined) return undefined;
    const meta = header.format.get(key);
    if (meta) {
      const ploidy = this.genotype(sampleIndex)?.alleles.length ?? 2;
      checkValue(meta, raw, this.ALT.length, `FORMAT/${key}`, ploidy);
    }
    return typedValues(meta, raw);
  }

  /** Allele indexes of one sample's GT (null for '.'), e.g. '0|1' → [0, 1]; undefined without GT. */
  genotype(sampleIndex: number): { alleles: (number | null)[]; phased: boolean } | undefined {
    const gt = this.sampleValue(sampleIndex, 'GT');
    if (gt === undefined) return undefined;
    return { alleles: gt.split(/[/|]/).map((a) => (a === '.' ? null : Number(a))), phased: gt.includes('|') };
  }
}

export function splitInfo(info: string): Map<string, string | true> {
  const map = new Map<string, string | true>();
  if (info === '.' || info === '') return map;
  for (const item of info.split(';')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) map.set(item, true);
    else map.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return map;
}

/**
 * Parses and validates one data line against the header; errors name the field (e.g. INFO/DP).
 * INFO is passed through, never interpreted, by Kiban's readers: with `warnings`, an INFO count
 * that disagrees with its Number and an INFO or FORMAT key without a header line are reported
 * there and accepted; without, they are accepted silently. Types are always checked.
 */
export function parseVcfRecord(line: string, header: VcfHeader, warnings?: VcfWarnings): VcfRecord {
  const cols: string[] = [];
  let start = 0;
  let infoOffset0 = 0;
  for (let i = 0; i < 8; i++) {
    if (i === 7) infoOffset0 = start;
    const tab = line.indexOf('\t', start);
    if (tab < 0) {
      cols.push(line.slice(start));
      start = line.length + 1;
      break;
    }
    cols.push(line.slice(start, tab));
    start = tab + 1;
  }
  if (cols.length < 8) {
    throw invalidInput('VCF_SHORT_LINE', `expected at least 8 tab-separated columns, got ${cols.length}`, { field: 'columns' });
  }
  const rest = start <= line.length ? line.slice(start) : '';
  const [CHROM, posText, ID, REF, altText, QUAL, FILTER, INFO] = cols as [string, string, string, string, string, string, string, string];
  if (!POSITIVE_INTEGER.test(posText)) throw invalidInput('VCF_BAD_POS', `POS: expected Integer, got "${posText}"`, { field: 'POS' });
  if (!BASES.test(REF)) throw invalidInput('VCF_BAD_REF', `REF: expected bases A, C, G, T or N, got "${REF}"`, { field: 'REF' });
  const ALT = altText === '.' ? [] : altText.split(',');
  for (const alt of ALT) {
    if (!BASES.test(alt) && !SPECIAL_ALT.test(alt)) {
      throw invalidInput('VCF_BAD_ALT', `ALT: expected bases, <ID>, a breakend or *, got "${alt}"`, { field: 'ALT' });
    }
  }
  const record = new VcfRecord(line, CHROM, Number(posText), ID, REF, ALT, QUAL, FILTER, INFO, rest, infoOffset0);
  checkInfo(record, header, warnings);
  checkSamples(record, header);
  if (warnings && record.formatAndSamples !== '') checkFormatKeys(record, header, warnings);
  return record;
}

const NO_HEADER = 'no header line; value carried through unchanged';

function checkInfo(record: VcfRecord, header: VcfHeader, warnings: VcfWarnings | undefined): void {
  if (record.INFO === '.') return;
  for (const [key, value] of record.info()) {
    const meta = header.info.get(key);
    const field = `INFO/${key}`;
    if (!meta) {
      // Passed through, as bcftools does (with a warning); an old CSQ is replaced, not passed on.
      if (key !== 'CSQ') warnings?.warn(field, NO_HEADER);
      continue;
    }
    if (value === true) {
      if (meta.type !== 'Flag' && meta.number !== 0) {
        throw invalidInput('VCF_BAD_VALUE', `${field}: expected ${meta.type} value, got none`, { field });
      }
      continue;
    }
    checkValue(meta, value, record.ALT.length, field, 2, warnings ?? SILENT);
  }
}

const SILENT: VcfWarnings = { warn() {} };

/** FORMAT keys without a ##FORMAT line: carried through (values checked only where Kiban reads them). */
function checkFormatKeys(record: VcfRecord, header: VcfHeader, warnings: VcfWarnings): void {
  for (const key of record.FORMAT) if (!header.format.has(key)) warnings.warn(`FORMAT/${key}`, NO_HEADER);
}

/**
 * Sample columns: exactly one per header sample, and GT allele indexes within REF + ALT. Other
 * FORMAT values are checked only when read (lazy, as vcf-js), so a WGS cohort is not paid for.
 */
function checkSamples(record: VcfRecord, header: VcfHeader): void {
  const expected = header.samples.length;
  if (expected === 0) return;
  const text = record.formatAndSamples;
  let tabs = 0;
  for (let i = text.indexOf('\t'); i >= 0; i = text.indexOf('\t', i + 1)) tabs++;
  const got = text === '' ? 0 : tabs;
  if (got !== expected) {
    throw invalidInput('VCF_SHORT_LINE', `expected ${expected} sample column${expected === 1 ? '' : 's'} after FORMAT, got ${got}`, {
      field: 'samples',
    });
  }
  if (!text.startsWith('GT:') && !text.startsWith('GT\t')) return;
  const maxAllele = record.ALT.length;
  const samples = record.samples();
  for (let s = 0; s < samples.length; s++) {
    const column = samples[s]!;
    const colon = column.indexOf(':');
    const gt = colon < 0 ? column : column.slice(0, colon);
    for (const allele of gt.split(/[/|]/)) {
      if (allele === '.') continue;
      if (!/^[0-9]+$/.test(allele) || Number(allele) > maxAllele) {
        const sample = header.samples[s] ?? String(s + 1);
        const why = /^[0-9]+$/.test(allele)
          ? `allele index ${allele} is beyond ALT (${maxAllele} allele${maxAllele === 1 ? '' : 's'})`
          : `expected allele indexes, got "${gt}"`;
        throw invalidInput('VCF_BAD_GT', `FORMAT/GT: ${why} in sample ${sample}`, { field: 'FORMAT/GT', sample });
      }
    }
  }
}
