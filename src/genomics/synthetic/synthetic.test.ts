import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reverseComplement, translate } from '../sequence.js';
import type { Transcript } from '../types.js';
import { parseGeneModelText } from '../gff3/index.js';
import { fastaLines, generateGenome, gff3Lines, gtfLines, vcfLines, type SyntheticGenome } from './index.js';

function cdsSequence(g: SyntheticGenome, t: Transcript): string {
  const fwd = t.cds.map((c) => g.reader.fetch(t.chrom, c.start0, c.end0)).join('');
  return t.strand === 1 ? fwd : reverseComplement(fwd);
}

describe('synthetic genome', () => {
  const genome = generateGenome({ seed: 42, contigs: 2, contigLengthBp: 150_000 });

  it('is deterministic for a seed', () => {
    const again = generateGenome({ seed: 42, contigs: 2, contigLengthBp: 150_000 });
    assert.equal(again.contigs[1]?.sequence, genome.contigs[1]?.sequence);
    assert.deepEqual(again.transcripts, genome.transcripts);
    const other = generateGenome({ seed: 43, contigs: 2, contigLengthBp: 150_000 });
    assert.notEqual(other.contigs[0]?.sequence, genome.contigs[0]?.sequence);
  });

  it('has genes on both strands, non-coding and two-transcript genes, one canonical each', () => {
    assert.ok(genome.genes.some((g) => g.strand === 1) && genome.genes.some((g) => g.strand === -1));
    assert.ok(genome.transcripts.some((t) => t.biotype === 'lncRNA'));
    const multi = genome.genes.filter((g) => g.transcripts.length === 2);
    assert.ok(multi.length > 0);
    for (const g of genome.genes) assert.equal(g.transcripts.filter((t) => t.canonical).length, 1);
  });

  it('codes real ORFs: ATG … stop, no premature stop, codons split across exons', () => {
    let split = 0;
    for (const t of genome.transcripts.filter((x) => x.cds.length > 0)) {
      const cds = cdsSequence(genome, t);
      assert.equal(cds.length % 3, 0, t.id);
      const protein = translate(cds);
      assert.equal(protein[0], 'M', t.id);
      assert.equal(protein.indexOf('*'), protein.length - 1, t.id);
      let offset = 0;
      for (const c of t.strand === 1 ? t.cds : [...t.cds].reverse()) {
        offset += c.end0 - c.start0;
        if (offset % 3 !== 0 && offset < cds.length) split++;
      }
    }
    assert.ok(split > 10, `codons split across exons: ${split}`);
  });

  it('puts GT…AG at every intron in transcript orientation', () => {
    for (const t of genome.transcripts) {
      for (let k = 0; k + 1 < t.exons.length; k++) {
        const a = t.exons[k];
        const b = t.exons[k + 1];
        if (!a || !b) continue;
        const intron = genome.reader.fetch(t.chrom, a.end0, b.start0);
        const oriented = t.strand === 1 ? intron : reverseComplement(intron);
        assert.equal(oriented.slice(0, 2) + oriented.slice(-2), 'GTAG', `${t.id} intron ${k + 1}`);
      }
    }
  });

  it('renders Ensembl-style GFF3 with CDS phases', () => {
    const lines = [...gff3Lines(genome)];
    assert.equal(lines[0], '##gff-version 3');
    const t = genome.transcripts.find((x) => x.strand === -1 && x.cds.length > 2);
    assert.ok(t);
    const mrna = lines.find((l) => l.includes(`ID=transcript:${t.id};`));
    assert.match(mrna ?? '', new RegExp(`\\tmRNA\\t.*Parent=gene:${t.geneId};.*biotype=protein_coding`));
    const cdsLines = lines.filter((l) => l.includes('\tCDS\t') && l.includes(`Parent=transcript:${t.id};`));
    assert.equal(cdsLines.length, t.cds.length);
    // Minus strand: the highest segment is first in transcript order and has phase 0.
    assert.equal(cdsLines[cdsLines.length - 1]?.split('\t')[7], '0');
    const fasta = [...fastaLines(genome)];
    assert.equal(fasta[0], '>chr1');
    assert.equal(fasta[1]?.length, 60);
  });

  it('renders GFF3 and GTF that both read back to the generated transcripts', () => {
    const fromGff3 = parseGeneModelText([...gff3Lines(genome)].join('\n'), 'gff3');
    const gtf = [...gtfLines(genome)];
    const fromGtf = parseGeneModelText(gtf.join('\n'), 'gtf');
    // The readers keep the Ensembl_canonical tag the generator expresses as `canonical` alone.
    const byId = (ts: Transcript[]) => ts.map(({ tags: _tags, ...t }) => t).sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(byId(fromGff3), byId(genome.transcripts));
    assert.deepEqual(byId(fromGtf), byId(genome.transcripts));
    const stops = gtf.filter((l) => l.includes('\tstop_codon\t'));
    assert.equal(stops.length, genome.transcripts.filter((t) => t.cds.length > 0).length);
  });

  it('writes a stop codon split by an intron as two GTF pieces on either strand', () => {
    // 54 coding bases whose last codon is split 1 + 2 (plus strand) or 2 + 1 (minus strand).
    const model = (strand: 1 | -1, cds: Transcript['cds']): Transcript => ({
      id: `T${strand}`, geneId: `G${strand}`, geneName: `G${strand}`, biotype: 'protein_coding', chrom: 'chr1', strand,
      start0: 0, end0: 300, exons: [{ start0: 0, end0: 100 }, { start0: 200, end0: 300 }], cds,
      proteinId: `P${strand}`, cdsStartPhase: 0, canonical: true, tags: [],
    });
    const plus = model(1, [{ start0: 48, end0: 100 }, { start0: 200, end0: 202 }]);
    const minus = model(-1, [{ start0: 98, end0: 100 }, { start0: 200, end0: 252 }]);
    const gene = (t: Transcript) => ({ id: t.geneId, name: t.geneName, biotype: t.biotype, chrom: t.chrom, strand: t.strand, start0: 0, end0: 300, transcripts: [t] });
    const tiny = { ...genome, genes: [gene(plus), gene(minus)], transcripts: [plus, minus] };
    const gtf = [...gtfLines(tiny)];
    const features = (id: string, type: string) =>
      gtf.filter((l) => l.includes(`transcript_id "${id}"`) && l.split('\t')[2] === type).map((l) => l.split('\t').slice(3, 8).filter((_, k) => k !== 2).join(' '));
    // start end strand phase (1-based, inclusive)
    assert.deepEqual(features('T1', 'stop_codon'), ['100 100 + 0', '201 202 + 2']);
    assert.deepEqual(features('T1', 'CDS'), ['49 99 + 0']);
    assert.deepEqual(features('T1', 'start_codon'), ['49 51 + 0']);
    assert.deepEqual(features('T-1', 'stop_codon'), ['99 100 - 2', '201 201 - 0']);
    assert.deepEqual(features('T-1', 'CDS'), ['202 252 - 0']);
    assert.deepEqual(features('T-1', 'start_codon'), ['250 252 - 0']);
    const back = parseGeneModelText(gtf.join('\n'), 'gtf').map(({ tags: _tags, ...t }) => t);
    assert.deepEqual(back, [minus, plus].map(({ tags: _tags, ...t }) => t)); // same span: sorted by id
  });

  it('writes sorted VCF records whose REF matches the genome', () => {
    const lines = [...vcfLines(genome, { seed: 5, count: 2000, samples: 2 })];
    const records = lines.filter((l) => !l.startsWith('#'));
    assert.ok(records.length > 1900);
    let last = { chrom: '', pos1: 0 };
    let multi = 0;
    for (const line of records) {
      const [chrom = '', pos = '', , ref = '', alt = '', , , , format, s1] = line.split('\t');
      const pos1 = Number(pos);
      if (chrom === last.chrom) assert.ok(pos1 > last.pos1, line);
      last = { chrom, pos1 };
      assert.equal(genome.reader.fetch(chrom, pos1 - 1, pos1 - 1 + ref.length), ref, line);
      if (alt.includes(',')) multi++;
      assert.equal(format, 'GT:AD:DP:GQ');
      assert.match(s1 ?? '', /^\d\/\d:[\d,]+:\d+:\d+$/);
    }
    assert.ok(multi > 20);
  });
});
