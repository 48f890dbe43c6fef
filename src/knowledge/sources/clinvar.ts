import { parseVcfRecord, VcfHeaderParser, type VcfHeader } from '../../genomics/vcf/index.js';
import type { ClinvarGeneSummary, ClinvarKnowledge, ClinvarVariant, Lines, Parsed } from '../types.js';

const PATHOGENIC = new Set(['Pathogenic', 'Likely_pathogenic', 'Pathogenic/Likely_pathogenic']);
const BENIGN = new Set(['Benign', 'Likely_benign', 'Benign/Likely_benign']);
/** ClinVar MC terms that are loss of function in the ClinGen SVI PVS1 sense. */
export const LOF_MC = new Set(['nonsense', 'frameshift_variant', 'splice_acceptor_variant', 'splice_donor_variant', 'initiator_codon_variant']);

/**
 * ClinVar's VCF: the pathogenic and likely pathogenic records (with gene and molecular
 * consequence, for PS1/PM5 and PVS1's LoF-mechanism evidence) and per-gene counts. Benign and
 * uncertain records are only counted: site lookups for every class are the reference bundle's job
 * (`kiban reference build --clinvar`). The release is `##fileDate`.
 */
export async function parseClinvarVcf(lines: Lines): Promise<Parsed<ClinvarKnowledge>> {
  const headerParser = new VcfHeaderParser();
  let header: VcfHeader | undefined;
  const pathogenic: ClinvarVariant[] = [];
  const genes: Record<string, ClinvarGeneSummary> = {};
  let records = 0;
  for await (const [line, n] of lines) {
    if (!header) {
      if (headerParser.pushLine(line)) header = headerParser.header();
      continue;
    }
    if (line === '') continue;
    let record;
    try {
      record = parseVcfRecord(line, header);
    } catch (err) {
      throw withLine(err, n);
    }
    records++;
    const info = record.info();
    const text = (k: string) => {
      const v = info.get(k);
      return typeof v === 'string' ? v : '';
    };
    const sig = text('CLNSIG').split(/[|,]/)[0]!;
    const gene = text('GENEINFO').split(/[:|]/)[0] ?? '';
    const mc = text('MC') === '' ? [] : text('MC').split(',').map((m) => m.split('|')[1] ?? m);
    const isPathogenic = PATHOGENIC.has(sig);
    if (gene !== '') {
      const g = (genes[gene] ??= { plp: 0, plpLof: 0, plpMissense: 0, blbMissense: 0 });
      if (isPathogenic) {
        g.plp++;
        if (mc.some((m) => LOF_MC.has(m))) g.plpLof++;
        if (mc.includes('missense_variant')) g.plpMissense++;
      } else if (BENIGN.has(sig) && mc.includes('missense_variant')) g.blbMissense++;
    }
    if (!isPathogenic) continue;
    for (const alt of record.ALT) {
      pathogenic.push({ id: record.ID, chrom: record.CHROM, pos1: record.pos1, ref: record.REF, alt, clnsig: sig, clnrevstat: text('CLNREVSTAT'), gene, mc });
    }
  }
  const fileDate = header?.metaLines.find((l) => l.startsWith('##fileDate='))?.slice(11) ?? null;
  return { data: { pathogenic, genes, records }, version: fileDate };
}

function withLine(err: unknown, line: number): unknown {
  const e = err as { details?: { line?: number } };
  if (e?.details && e.details.line === undefined) e.details.line = line;
  return err;
}
