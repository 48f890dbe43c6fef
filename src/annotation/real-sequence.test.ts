/**
 * Issue 10: every VCF of the bcftools csq test suite (../shared/data/genome/bcftools-csq, real
 * human sequence and Ensembl gene models; see MANIFEST.md) goes through Kiban's own VCF reader
 * and annotator: none may be refused (ten, frame2.vcf among them, have an INFO/EXP with more
 * values than its Number=1, which Kiban used to refuse; a warning now), every record with an
 * ALT gets CSQ. Then each record's
 * curated expectation (INFO/EXP, in bcftools' BCSQ terms, present in 49 of the 64 VCFs) is
 * compared with our most severe term per transcript; the sets without EXP are compared with
 * bcftools itself in src/genomics/consequence/bcftools-real-data.test.ts.
 *
 * Remaining disagreements with EXP, each where Ensembl VEP's rules (ensembl-variation
 * VariationEffect.pm, BaseTranscriptVariation.pm) differ from bcftools':
 * - frameshift at codon 1 (ENST00000230048 start-del, ENST00000318249 start-lost,
 *   ENST00000368801.2 start-lost): VEP `frameshift_variant&start_lost` (its own output for the
 *   ENST00000318249 variant is kept in the set as start-lost.vep); EXP start_lost/start_retained.
 * - ENST00000318249.2 synonymous-start-lost: the left-aligned deletion lies in exon 2's 5' UTR;
 *   VEP derives UTRs from exons minus CDS (5_prime_UTR_variant); EXP says start_retained.
 * - ENST00000420670 start-stop-lost (ATG>ATA): VEP start_lost; EXP missense ("cannot be real").
 * - ENST00000423372 insert3: an insertion between the 3rd and 4th exon base; VEP's
 *   _intron_overlap needs both flanking bases within the 3 exonic splice-region bases, so no
 *   splice_region_variant; EXP splice_region.
 * - ENST00000227471 insert-splice-vs-frameshift: an insertion at the edge of a 2 bp intron; VEP
 *   skips splice terms in such frameshift introns (within_frameshift_intron): frameshift leads.
 * - ENST00000528237 retained-stop-incomplete-cds (R>*, CDS without a stop, cds_end_NF): VEP's
 *   stop_retained needs a stop in the reference peptide (VariationEffect.pm stop_retained), so
 *   stop_gained; bcftools calls a stop at the end of an incomplete CDS retained.
 * - ENST00000382647 synon-splice-region-insert and ENST00000624631 ambiguous: indels written at a
 *   splice site that left-align away from it (into the intron; into a 2 bp intron). EXP is
 *   compared here on the left-aligned allele (bcftools' view, which four other sets need);
 *   `kiban annotate` annotates the allele where the record writes it, as VEP does, and there it
 *   agrees with EXP on both (asserted below). See docs/annotation-conventions.md.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { compareWithBcsq, type Disagreement } from '../genomics/consequence/bcsq-compare.js';
import { createCsqEngine } from '../genomics/csq/index.js';
import { parseGeneModelText } from '../genomics/gff3/index.js';
import { memoryReader } from '../genomics/synthetic/index.js';
import type { Transcript } from '../genomics/types.js';
import { parseVcfHeaderLines, VcfWarningTally } from '../genomics/vcf/index.js';
import { requireOrSkip, sharedData } from '../testing/skip.js';
import { annotateLines } from './annotator.js';

const ROOT = sharedData('genome/bcftools-csq');

function readFasta(path: string): { name: string; sequence: string }[] {
  return readFileSync(path, 'utf8')
    .split('>')
    .slice(1)
    .map((block) => {
      const [header = '', ...lines] = block.split('\n');
      return { name: header.split(/\s/)[0] ?? '', sequence: lines.join('').trim().toUpperCase() };
    });
}

/** The data lines of a test VCF annotated by Kiban's reader and annotator, with its warnings. */
function annotateFile(path: string, transcripts: Transcript[], reader: ReturnType<typeof memoryReader>) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const body = lines.findIndex((l) => l.startsWith('#CHROM')) + 1;
  const warnings = new VcfWarningTally();
  const ctx = {
    header: parseVcfHeaderLines(lines.slice(0, body)),
    transcripts: { overlapping: (chrom: string, s: number, e: number) => transcripts.filter((t) => t.chrom === chrom && t.start0 < e && t.end0 > s) },
    reader,
    sites: [],
    engine: createCsqEngine(),
    warnings,
  };
  const data = lines.slice(body).filter((l) => l !== '');
  return { input: data, output: annotateLines(data, body + 1, ctx).text.split('\n').filter((l) => l !== ''), warnings: warnings.list() };
}

it('annotates every bcftools csq test VCF and agrees with its curated INFO/EXP', { timeout: 120_000 }, (t) => {
  if (!requireOrSkip(t, existsSync(ROOT), `${ROOT} is absent (shared data)`)) return;
  let files = 0;
  let compared = 0;
  let agreed = 0;
  const disagreements: (Disagreement & { set: string })[] = [];
  const warned: string[] = [];
  const symbolic: string[] = [];
  const csqByRecord = new Map<string, string>();
  for (const folder of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, folder);
    const names = readdirSync(dir);
    const fa = names.find((f) => f.endsWith('.fa'));
    const gff = names.find((f) => f.endsWith('.gff'));
    if (!fa || !gff) continue;
    const transcripts = parseGeneModelText(readFileSync(join(dir, gff), 'utf8'), 'gff3');
    const reader = memoryReader(readFasta(join(dir, fa)));
    for (const vcf of names.filter((f) => f.endsWith('.vcf')).sort()) {
      files++;
      const { input, output, warnings } = annotateFile(join(dir, vcf), transcripts, reader);
      for (const w of warnings) warned.push(`${folder}/${vcf}:${w.line}: ${w.field}: ${w.problem}`);
      const withAlt = input.filter((l) => l.split('\t')[4] !== '.').length;
      assert.ok(output.length >= withAlt, `${folder}/${vcf}: ${output.length} output lines for ${withAlt} records`);
      for (const l of output) {
        // Symbolic alleles (<INS:ME:ALU>, <DEL>) are carried through without CSQ: a deliberate
        // difference from VEP's structural-variant mode, listed in docs/annotation-conventions.md.
        const cols = l.split('\t');
        if (cols[4] === cols[3] || cols[4] === '.') continue; // ALT = REF or none: nothing to annotate (EXP=.)
        if (/^<|[[\]]|^\*$/.test(cols[4]!)) symbolic.push(`${folder}/${vcf} ${cols[4]}`);
        else assert.match(l.split('\t')[7]!, /(?:^|;)CSQ=[^;]+/, `${folder}/${vcf}: ${l}`);
      }
      for (const l of output) csqByRecord.set(`${folder}/${vcf} ${l.split('\t')[7]!.match(/OLD_VARIANT=([^;]+)/)?.[1] ?? l.split('\t').slice(0, 2).join(':')}`, /CSQ=([^;]+)/.exec(l)?.[1] ?? '');
      const r = compareWithBcsq(input, transcripts, reader, 'EXP');
      compared += r.compared;
      agreed += r.agreed;
      disagreements.push(...r.disagreements.map((d) => ({ ...d, set: `${folder}/${vcf}` })));
    }
  }
  t.diagnostic(`${files} VCFs annotated; EXP pairs compared ${compared}, agreed ${agreed} (${((100 * agreed) / compared).toFixed(1)}%)`);
  for (const d of disagreements) t.diagnostic(`${d.set} ${d.record} ${d.transcript}: ours ${d.oursAll} vs EXP ${d.bcftools}`);
  assert.equal(files, 64);
  assert.deepEqual(symbolic, [...Array(6).fill('ENST00000263103-INS/insertions.vcf <INS:ME:ALU>'), 'ENST00000263103-INS/insertions.vcf <DEL>']);
  // Ten files carry an INFO/EXP with two values against Number=1: warnings now, not refusals.
  const exp2 = (f: string) => `${f}: INFO/EXP: expected 1 value (Number=1), got 2`;
  assert.deepEqual(warned, [
    'ENSG00000173376/synon.vcf:7', 'ENST00000301246/15bp-insert.vcf:7', 'ENST00000341065/frame1.vcf:6',
    'ENST00000341065/frame2.vcf:7', 'ENST00000341065/frame3.vcf:6', 'ENST00000410009/frameshift.vcf:7',
    'ENST00000420190/abort-in-csq-push.vcf:10', 'ENST00000448695/syn-and-splice-reg.vcf:7',
    'ENST00000542803/splice-region.vcf:6', 'ENST00000624631/ambiguous.vcf:7',
  ].map(exp2));
  // Each explained in the header comment; ours is VEP's answer (or VEP's on left-aligned input).
  assert.deepEqual(
    disagreements.map((d) => `${d.set} ${d.record}: ${d.ours} vs ${d.bcftools}`),
    [
      'ENST00000227471/insert-splice-vs-frameshift.vcf 11:6609 A>AG: frameshift vs splice_acceptor',
      'ENST00000230048/start-del.vcf 6:214 AT>A: frameshift vs start_lost',
      'ENST00000318249/start-lost.vcf 1:4959 GA>G: frameshift vs start_lost',
      'ENST00000318249.2/synonymous-start-lost.vcf 1:4958 AGA>A: 5_prime_utr vs start_retained',
      'ENST00000368801.2/start-lost.vcf 1:11191 AT>A: frameshift vs start_retained',
      'ENST00000382647/synon-splice-region-insert.vcf 5:1443 A>ACCCGGCCGCACGCTCTCA: intron vs splice_donor',
      'ENST00000420670/start-stop-lost.vcf 9:44688 C>T: start_lost vs missense',
      'ENST00000423372/insert3.vcf 1:2723 G>GAAA: 3_prime_utr vs splice_region',
      'ENST00000528237/retained-stop-incomplete-cds.vcf 1:14714 G>A: stop_gained vs stop_retained',
      'ENST00000624631/ambiguous.vcf 7:547 CCC>CC: splice_acceptor vs frameshift',
    ],
  );
  assert.equal(compared, 95);
  // `kiban annotate` itself annotates an indel where the record puts it, as VEP does: the two
  // records whose left-aligned allele leaves a splice site get the set's own expectation there.
  const consequence = (key: string) => (csqByRecord.get(key) ?? '').split('|')[1];
  assert.equal(consequence('ENST00000382647/synon-splice-region-insert.vcf 5:1443:A/ACCCGGCCGCACGCTCTCA'), 'splice_donor_variant');
  assert.equal(consequence('ENST00000624631/ambiguous.vcf 7:547:CCC/CC'), 'frameshift_variant&splice_region_variant');
});
