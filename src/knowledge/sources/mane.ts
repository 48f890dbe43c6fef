import { invalidInput } from '../../errors.js';
import { columnIndex, fieldOf } from '../delimited.js';
import type { Lines, ManeTranscript, Parsed } from '../types.js';

/** MANE summary (`#NCBI_GeneID Ensembl_Gene HGNC_ID symbol …`); versioned accessions kept as written. */
export async function parseMane(lines: Lines): Promise<Parsed<ManeTranscript[]>> {
  const out: ManeTranscript[] = [];
  let col: Record<string, number> | undefined;
  for await (const [line, n] of lines) {
    if (!col) {
      const h = line.split('\t');
      const names = ['symbol', 'HGNC_ID', 'Ensembl_Gene', 'Ensembl_nuc', 'RefSeq_nuc', 'RefSeq_prot', 'MANE_status', 'GRCh38_chr', 'chr_start', 'chr_end', 'chr_strand'];
      col = Object.fromEntries(names.map((name) => [name, columnIndex(h, name, n)]));
      continue;
    }
    if (line === '') continue;
    const row = { fields: line.split('\t'), line: n };
    const get = (name: string) => fieldOf(row, col![name]!, name);
    const start1 = Number(get('chr_start'));
    const end1 = Number(get('chr_end'));
    if (!Number.isInteger(start1) || !Number.isInteger(end1) || start1 < 1 || end1 < start1) {
      throw invalidInput('MANE_RANGE', `chr_start/chr_end: expected 1 ≤ start ≤ end, got "${get('chr_start')}"–"${get('chr_end')}"`, { line: n, field: 'chr_start' });
    }
    const strand = get('chr_strand');
    if (strand !== '+' && strand !== '-') throw invalidInput('MANE_STRAND', `chr_strand: expected + or -, got "${strand}"`, { line: n, field: 'chr_strand' });
    out.push({
      gene: get('symbol'),
      hgncId: get('HGNC_ID'),
      ensemblGene: get('Ensembl_Gene'),
      ensemblTranscript: get('Ensembl_nuc'),
      refseqTranscript: get('RefSeq_nuc'),
      refseqProtein: get('RefSeq_prot'),
      status: get('MANE_status'),
      chrom: get('GRCh38_chr'),
      start1,
      end1,
      strand,
    });
  }
  if (!col) throw invalidInput('MANE_HEADER', 'empty file: expected the MANE summary header', { field: 'header' });
  return { data: out, version: null };
}
