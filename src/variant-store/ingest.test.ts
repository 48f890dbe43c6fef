import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { KibanError } from '../errors.js';
import { dbKinds, openTestDb, scratchDir, type TestDb } from '../testing/test-db.js';
import { DuckDbVariantStore } from './duckdb.js';
import { getIngest, ingestSampleVcf, type IngestDeps } from './service.js';
import { germlineVcf, HEADER, sha256Of, toyReference, writeVcf } from './testing/fixtures.js';

for (const kind of dbKinds()) {
  describe(`ingestSampleVcf (${kind.name})`, { skip: kind.skip }, () => {
    let db: TestDb;
    let dir: ReturnType<typeof scratchDir>;
    let store: DuckDbVariantStore;
    let deps: IngestDeps;

    before(async () => {
      db = await openTestDb(kind.name);
      dir = scratchDir('kiban-vs');
      store = await DuckDbVariantStore.open({ path: join(dir.path, 'variants.duckdb') });
      deps = { db, store, reference: toyReference() };
    });
    after(async () => {
      await store.close();
      await db.close();
      dir.remove();
    });

    it('loads a germline VCF: split, left-aligned, annotated, exact rows', async () => {
      const f = writeVcf(dir.path, 'na1.vcf.gz', germlineVcf());
      const out = await ingestSampleVcf(deps, { sampleId: 'S-1', ...f });
      assert.equal(out.status, 'loaded');
      assert.deepEqual({ ...out.sample, loadedAt: null }, {
        sampleId: 'S-1', fileSha256: f.sha256, kind: 'germline', vcfSample: 'NA1', records: 4, calls: 4, newVariants: 4, loadedAt: null,
      });
      const page = await store.sampleVariants({ sampleId: 'S-1' });
      assert.equal(page.total, 4);
      assert.deepEqual(
        page.rows.map(({ variantKey: _k, ...r }) => r),
        [
          { chrom: 'chrT', pos1: 2, ref: 'G', alt: 'C', gene: 'GENEA', consequence: 'missense_variant', impact: 'MODERATE', hgvsc: 'TXA1:c.2G>C', hgvsp: null,
            maxPopulationAf: 0.001, clinvarSignificance: 'Pathogenic', gt: '0/1', adRef: 20, adAlt: 10, dp: 30, gq: 99, vaf: 0.3333333, filter: 'PASS' },
          { chrom: 'chrT', pos1: 3, ref: 'TAC', alt: 'T', gene: 'GENEA', consequence: 'frameshift_variant', impact: 'HIGH', hgvsc: 'TXA1:c.3TAC>T', hgvsp: null,
            maxPopulationAf: null, clinvarSignificance: null, gt: '1/1', adRef: 0, adAlt: 12, dp: 12, gq: 40, vaf: 1, filter: 'PASS' },
          { chrom: 'chrT', pos1: 16, ref: 'GGGGA', alt: 'G', gene: null, consequence: 'intergenic_variant', impact: 'MODIFIER', hgvsc: null, hgvsp: null,
            maxPopulationAf: null, clinvarSignificance: null, gt: '1/0', adRef: 2, adAlt: 8, dp: 20, gq: 30, vaf: 0.4, filter: 'LowQual' },
          { chrom: 'chrT', pos1: 20, ref: 'A', alt: 'T', gene: null, consequence: 'intergenic_variant', impact: 'MODIFIER', hgvsc: null, hgvsp: null,
            maxPopulationAf: 0.2, clinvarSignificance: null, gt: '0/1', adRef: 2, adAlt: 10, dp: 20, gq: 30, vaf: 0.5, filter: 'LowQual' },
        ],
      );
      const row = await getIngest(db, 'S-1', f.sha256);
      assert.equal(row?.status, 'loaded');
      assert.deepEqual([row?.records, row?.calls, row?.newVariants, row?.attempts, row?.error], [4, 4, 4, 1, null]);
      assert.deepEqual(readdirSync(store.stagingDir), [], 'staging file removed');
    });

    it('filters, sorts and pages one sample\'s table', async () => {
      const pos = async (q: Omit<Parameters<typeof store.sampleVariants>[0], 'sampleId'>) => {
        const p = await store.sampleVariants({ sampleId: 'S-1', ...q });
        return [p.total, p.rows.map((r) => r.pos1)];
      };
      assert.deepEqual(await pos({ impacts: ['HIGH', 'MODERATE'] }), [2, [2, 3]]);
      assert.deepEqual(await pos({ maxPopulationAf: 0.01 }), [3, [2, 3, 16]]);
      assert.deepEqual(await pos({ passOnly: true }), [2, [2, 3]]);
      assert.deepEqual(await pos({ clinvar: ['pathogenic'] }), [1, [2]]);
      assert.deepEqual(await pos({ genes: ['GENEA'], sort: 'vaf', descending: true }), [2, [3, 2]]);
      assert.deepEqual(await pos({ sort: 'impact', limit: 2, offset: 1 }), [4, [2, 16]]);
      assert.deepEqual(await pos({ region: { chrom: 'chrT', start1: 3, end1: 16 } }), [2, [3, 16]]);
      assert.deepEqual(await pos({ region: { chrom: 'chrT', start1: 17, end1: 19 } }), [0, []]);
      assert.deepEqual(await pos({ minVaf: 0.45 }), [2, [3, 20]]);
      assert.deepEqual(await pos({ limit: 2, offset: 1 }), [4, [3, 16]]);
      assert.deepEqual(await pos({ sort: 'vaf', limit: 1 }), [4, [2]]);
      // Missing population AF (positions 3 and 16) sorts last in both directions.
      assert.deepEqual(await pos({ sort: 'maxPopulationAf' }), [4, [2, 20, 3, 16]]);
      assert.deepEqual(await pos({ sort: 'maxPopulationAf', descending: true }), [4, [20, 2, 3, 16]]);
      assert.deepEqual(await pos({ offset: 10 }), [4, []]);
      assert.deepEqual(await pos({ impacts: ['HIGH'], offset: 10 }), [1, []]);
    });

    it('does nothing when the same file is submitted again', async () => {
      const f = { path: join(dir.path, 'na1.vcf.gz'), sha256: sha256Of(join(dir.path, 'na1.vcf.gz')) };
      const before = await store.counts();
      const out = await ingestSampleVcf(deps, { sampleId: 'S-1', ...f });
      assert.equal(out.status, 'already_loaded');
      assert.deepEqual(await store.counts(), before);
      assert.equal((await getIngest(db, 'S-1', f.sha256))?.attempts, 1);
    });

    it('finds the carriers of one variant across samples', async () => {
      const f = writeVcf(dir.path, 'na2.vcf', germlineVcf('NA2').slice(0, -3));
      await ingestSampleVcf(deps, { sampleId: 'S-2', ...f });
      assert.deepEqual(await store.carriers({ chrom: 'chrT', pos1: 2, ref: 'G', alt: 'C' }), [
        { sampleId: 'S-1', kind: 'germline', gt: '0/1', adRef: 20, adAlt: 10, dp: 30, vaf: 0.3333333, filter: 'PASS' },
        { sampleId: 'S-2', kind: 'germline', gt: '0/1', adRef: 20, adAlt: 10, dp: 30, vaf: 0.3333333, filter: 'PASS' },
      ]);
      assert.deepEqual(await store.carriers({ chrom: 'chrT', pos1: 16, ref: 'GGGGA', alt: 'G' }), [
        { sampleId: 'S-1', kind: 'germline', gt: '1/0', adRef: 2, adAlt: 8, dp: 20, vaf: 0.4, filter: 'LowQual' },
      ]);
      assert.deepEqual(await store.carriers({ chrom: 'chrT', pos1: 16, ref: 'GGGGA', alt: 'GA' }), []);
      const c = await store.counts();
      assert.deepEqual([c.samples, c.variants, c.calls], [2, 4, 5]);
    });

    it('refuses another file for a loaded sample unless replace', async () => {
      const f = writeVcf(dir.path, 'na1b.vcf', germlineVcf().slice(0, -2));
      await assert.rejects(ingestSampleVcf(deps, { sampleId: 'S-1', ...f }), (e: unknown) => e instanceof KibanError && e.code === 'SAMPLE_ALREADY_LOADED');
      const out = await ingestSampleVcf(deps, { sampleId: 'S-1', ...f, replace: true });
      assert.equal(out.sample.calls, 2);
      assert.equal((await store.sampleVariants({ sampleId: 'S-1' })).total, 2);
      assert.equal((await getIngest(db, 'S-1', sha256Of(join(dir.path, 'na1.vcf.gz'))))?.status, 'replaced');
      assert.equal((await getIngest(db, 'S-1', f.sha256))?.status, 'loaded');
    });

    it('refuses a file whose SHA-256 differs from the submission', async () => {
      const f = writeVcf(dir.path, 'na3.vcf', germlineVcf('NA3'));
      await assert.rejects(ingestSampleVcf(deps, { sampleId: 'S-3', path: f.path, sha256: 'a'.repeat(64) }), (e: unknown) => e instanceof KibanError && e.code === 'SHA256_MISMATCH');
      assert.equal(await store.getSample('S-3'), undefined);
    });

    const good = germlineVcf('NA9');
    const header = good.slice(0, HEADER.length + 1);
    const malformed: [string, string, () => Buffer, string, number | undefined, string, string][] = [
      ['truncated gzip', 'trunc.vcf.gz', () => { const z = gzipSync(Buffer.from([...good, ...good.slice(-4).map((l) => l.replace('chrT\t', 'chrT\t1'))].join('\n') + '\n')); return z.subarray(0, z.length - 30); }, 'GZIP_CORRUPT', undefined, 'gzip', 'gzip: truncated input'],
      ['short line', 'short.vcf', () => text([...good.slice(0, -1), 'chrT\t21\t.\tT']), 'VCF_SHORT_LINE', 12, 'columns', 'expected at least 8 tab-separated columns, got 4'],
      ['non-integer POS', 'pos.vcf', () => text([...good.slice(0, -1), 'chrT\t2x\t.\tT\tC\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:1,1:2:3']), 'VCF_BAD_POS', 12, 'POS', 'POS: expected Integer, got "2x"'],
      ['bad REF characters', 'ref.vcf', () => text([...good.slice(0, -1), 'chrT\t21\t.\tT-\tC\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:1,1:2:3']), 'VCF_BAD_REF', 12, 'REF', 'REF: expected bases A, C, G, T or N, got "T-"'],
      ['GT allele beyond ALT', 'gt.vcf', () => text([...good.slice(0, -1), 'chrT\t21\t.\tT\tC\t50\tPASS\t.\tGT:AD:DP:GQ\t0/2:1,1:2:3']), 'VCF_BAD_GT', 12, 'FORMAT/GT', 'FORMAT/GT: allele index 2 is beyond ALT (1 allele) in sample NA9'],
      ['INFO not matching its type', 'info.vcf', () => text([...good.slice(0, -1), 'chrT\t21\t.\tT\tC\t50\tPASS\tDP=abc\tGT:AD:DP:GQ\t0/1:1,1:2:3']), 'VCF_BAD_VALUE', 12, 'INFO/DP', 'INFO/DP: expected Integer, got "abc"'],
      ['FORMAT not matching its type', 'fmt.vcf', () => text([...good.slice(0, -1), 'chrT\t21\t.\tT\tC\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:1,x:2:3']), 'VCF_BAD_VALUE', 12, 'FORMAT/AD', 'FORMAT/AD: expected Integer, got "x"'],
      ['a contig in neither the header nor the reference', 'contig.vcf', () => text([...good.slice(0, -1), 'chrZ\t21\t.\tT\tC\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:1,1:2:3']), 'UNKNOWN_CONTIG', 12, 'CHROM', 'CHROM: "chrZ" is in neither the VCF header\'s ##contig lines nor the reference'],
      ['missing header', 'nohead.vcf', () => text(good.slice(HEADER.length + 1)), 'VCF_NO_HEADER', 1, 'fileformat', 'header: missing ##fileformat line (not a VCF file?)'],
    ];
    it('loads a file whose pass-through INFO disagrees with Number or lacks a header line, with warnings (as kiban annotate)', async () => {
      const lines = [...good.slice(0, -1), 'chrT\t21\t.\tT\tC\t50\tPASS\tDP=3,4;XU=1\tGT:AD:DP:GQ\t0/1:1,1:2:3'];
      const f = writeVcf(dir.path, 'warn.vcf', lines);
      const out = await ingestSampleVcf(deps, { sampleId: 'S-WARN', ...f });
      assert.equal(out.status, 'loaded');
      assert.deepEqual(out.status === 'loaded' ? out.warnings : [], [
        { field: 'INFO/DP', problem: 'expected 1 value (Number=1), got 2', line: 12, count: 1 },
        { field: 'INFO/XU', problem: 'no header line; value carried through unchanged', line: 12, count: 1 },
      ]);
      assert.equal(out.sample.calls, 5); // SNV, deletion, two ALTs of the multi-allelic record, the edited line
    });

    for (const [what, name, bytes, code, line, field, message] of malformed) {
      it(`refuses ${what}, naming file, line and field, and stores nothing`, async () => {
        const path = join(dir.path, name);
        writeFileSync(path, bytes());
        const sha256 = sha256Of(path);
        const before = await store.counts();
        await assert.rejects(ingestSampleVcf(deps, { sampleId: 'S-BAD', path, sha256 }), (e: unknown) => {
          assert.ok(e instanceof KibanError, String(e));
          assert.equal(e.kind, 'invalid_input');
          assert.equal(e.code, code);
          assert.equal(e.details.field, field);
          if (line !== undefined) {
            assert.equal(e.details.line, line);
            assert.equal(e.message, `${name}:${line}: ${message}`);
          } else {
            assert.match(e.message, new RegExp(`${name.replace('.', '\\.')}:\\d+: ${message}`));
          }
          return true;
        });
        assert.deepEqual(await store.counts(), before);
        assert.equal(await store.getSample('S-BAD'), undefined);
        const row = await getIngest(db, 'S-BAD', sha256);
        assert.equal(row?.status, 'failed');
        assert.equal(row?.error?.code, code);
        assert.deepEqual(readdirSync(store.stagingDir), []);
      });
    }
    void header;
    void readFileSync;
  });
}

function text(lines: string[]): Buffer {
  return Buffer.from(lines.join('\n') + '\n');
}
