import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { conflict, invalidInput, KibanError } from '../errors.js';
import { callsTableDdl, STORE_DDL } from './duckdb-schema.js';
import { DuckDbStaging, removeStaged, sqlString } from './duckdb-staging.js';
import type {
  Carrier,
  CarrierCountQuery,
  CarriersOptions,
  CarrierCounts,
  CommitResult,
  CompactResult,
  Page,
  SampleMeta,
  SampleVariant,
  SampleVariantQuery,
  StagedSample,
  StoreCounts,
  StoredSample,
  VariantLocator,
  VariantStaging,
  VariantStore,
} from './interface.js';
import { sampleVariantsSql } from './duckdb-query.js';
import { FIRST_HASHED_CHROM, HASHED_ALLELE_BIT, variantKey } from './variant-key.js';

export interface DuckDbStoreOptions {
  /** The store file, by default `<dataDir>/variants.duckdb`. */
  path: string;
  /** Where staging files go; defaults to `<dir of path>/variant-staging`. */
  stagingDir?: string;
  /** DuckDB memory_limit for the store (default 1GB; beyond it DuckDB spills to `<path>.tmp`). */
  memoryLimit?: string;
  threads?: number;
  /** When `compact` adds waiting samples to the variant-ordered copy of the calls. */
  byVariant?: Partial<ByVariantPolicy>;
  testHooks?: StoreTestHooks;
}

/** Points where a test can hold the store mid-operation, to check what runs beside it. */
export interface StoreTestHooks {
  /** Inside a rewrite of the variant-ordered copy, after its sort and before its commit. */
  beforeRewriteCommit?: () => Promise<void>;
}

/**
 * `carriers` reads one row group per sorted run of `calls_by_variant` and one per sample not yet
 * in it, so both counts are bounded: at most `tailSamples` wait, and more than `maxRuns` runs are
 * rewritten as one. Appending a run sorts only the new samples' calls; a rewrite sorts them all,
 * which happens once per `tailSamples × maxRuns` samples.
 */
export interface ByVariantPolicy {
  tailSamples: number;
  maxRuns: number;
}

const DEFAULT_BY_VARIANT: ByVariantPolicy = { tailSamples: 16, maxRuns: 8 };

/**
 * DuckDB's default is 80% of RAM, and a commit's dedup and sort take what they are given: the
 * 5M-record benchmark peaked at 3.5 GiB RSS. 1 GB bounds it; DuckDB spills the rest to disk.
 */
export const DEFAULT_MEMORY_LIMIT = '1GB';

export function duckDbPath(dataDir: string): string {
  return join(dataDir, 'variants.duckdb');
}

/**
 * The embedded variant store: one DuckDB file, opened by one process (DuckDB locks the file for
 * writing), with commits serialised in that process. Reads use their own connections and see
 * the last committed state (MVCC), so queries run while a sample loads.
 */
export class DuckDbVariantStore implements VariantStore {
  readonly engine = 'duckdb' as const;
  private writeChain: Promise<unknown> = Promise.resolve();
  private compactChain: Promise<unknown> = Promise.resolve();
  private compactor: DuckDBConnection | undefined;
  private closing = false;

  private constructor(
    readonly path: string,
    readonly stagingDir: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly byVariant: ByVariantPolicy,
    private readonly hooks: StoreTestHooks,
  ) {}

  static async open(options: DuckDbStoreOptions): Promise<DuckDbVariantStore> {
    mkdirSync(dirname(options.path), { recursive: true });
    const stagingDir = options.stagingDir ?? join(dirname(options.path), 'variant-staging');
    mkdirSync(stagingDir, { recursive: true });
    removeOrphanedStaging(stagingDir);
    const settings: Record<string, string> = { memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT };
    if (options.threads) settings.threads = String(options.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(options.path, settings);
    } catch (err) {
      if (/lock/i.test(String((err as Error).message))) {
        throw conflict('VARIANT_STORE_LOCKED', `variant store ${options.path} is open in another process (DuckDB allows one writer)`, { file: options.path });
      }
      throw err;
    }
    const writer = await instance.connect();
    await writer.run(STORE_DDL);
    return new DuckDbVariantStore(options.path, stagingDir, instance, writer, { ...DEFAULT_BY_VARIANT, ...options.byVariant }, options.testHooks ?? {});
  }

  async stage(meta: SampleMeta): Promise<VariantStaging> {
    const safe = meta.sampleId.replace(/[^A-Za-z0-9._-]/g, '_');
    const file = join(this.stagingDir, `${safe}.${meta.fileSha256.slice(0, 12)}.${process.pid}.${randomBytes(4).toString('hex')}.duckdb`);
    return DuckDbStaging.create(file);
  }

  commitSample(meta: SampleMeta, staged: StagedSample, options: { replace?: boolean } = {}): Promise<CommitResult> {
    const run = this.writeChain.then(() => this.commitNow(meta, staged, options.replace ?? false));
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  private async commitNow(meta: SampleMeta, staged: StagedSample, replace: boolean): Promise<CommitResult> {
    try {
      return await this.commitAttached(meta, staged, replace);
    } finally {
      removeStaged(staged.location);
    }
  }

  private async commitAttached(meta: SampleMeta, staged: StagedSample, replace: boolean): Promise<CommitResult> {
    const existing = await this.getSample(meta.sampleId);
    if (existing && existing.fileSha256 === meta.fileSha256) return { sample: existing, committed: false };
    if (existing && !replace) {
      throw conflict('SAMPLE_ALREADY_LOADED', `sample ${meta.sampleId} is already loaded from another file (sha256 ${existing.fileSha256.slice(0, 12)}…); re-submit with replace`, {
        sampleId: meta.sampleId,
      });
    }
    const w = this.writer;
    await w.run(`ATTACH ${sqlString(staged.location)} AS st (READ_ONLY)`);
    try {
      await w.run('BEGIN TRANSACTION');
      try {
        await this.checkKeyClashes();
        // A new number even for a replaced sample: numbers above by_variant_through are the ones
        // carriers reads from `calls`, so a reused (lower) number would drop out of both.
        const [next] = await this.rows(
          `SELECT greatest(coalesce(max(sample_idx), 0), (SELECT CAST(value AS INTEGER) FROM store_meta WHERE key = 'by_variant_through')) + 1 AS idx FROM samples`,
          [],
          w,
        );
        const sampleIdx = Number(next!.idx);
        if (existing) {
          // The old number's rows in calls_by_variant stay until its next rewrite: carriers joins
          // on samples, which no longer has that number, and a delete there would scan every call.
          const old = await this.sampleIdx(meta.sampleId, w);
          await w.run('DELETE FROM calls WHERE sample_idx = $1', [old]);
          await w.run('DELETE FROM samples WHERE sample_id = $1', [meta.sampleId]);
        }
        // Dedup on the narrow (key, rowid) pairs, then copy the wide rows (CSQ strings) once; a
        // DISTINCT ON … ORDER BY over whole rows was part of a 3.5 GiB peak in bench:ingest (5M
        // records). Insertion follows the VCF's sorted order, which keeps the key zone maps tight.
        const inserted = await w.run(
          `INSERT INTO variants
           SELECT variant_key, chrom, pos, ref, alt, kind, gene, gene_id, transcript_id, consequence,
             impact, hgvsc, hgvsp, clinvar_significance, clinvar_review_status,
             CAST(json_transform(population_af, '"MAP(VARCHAR, DOUBLE)"') AS MAP(VARCHAR, DOUBLE)),
             max_population_af, csq, annotation_version
           FROM st.stage_variants s
           WHERE s.rowid IN (SELECT min(rowid) FROM st.stage_variants GROUP BY variant_key)
             AND NOT EXISTS (SELECT 1 FROM variants v WHERE v.variant_key = s.variant_key)`,
        );
        const calls = await w.run(
          `INSERT INTO calls SELECT DISTINCT ON (variant_key) $1, * FROM st.stage_calls ORDER BY variant_key`,
          [sampleIdx],
        );
        const sample: StoredSample = {
          sampleId: meta.sampleId,
          fileSha256: meta.fileSha256,
          kind: meta.kind,
          vcfSample: meta.vcfSample,
          records: meta.records,
          calls: calls.rowsChanged,
          newVariants: inserted.rowsChanged,
          loadedAt: new Date(),
        };
        await w.run('INSERT INTO samples VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::TIMESTAMPTZ)', [
          sample.sampleId,
          sampleIdx,
          sample.fileSha256,
          sample.kind,
          sample.vcfSample,
          sample.records,
          sample.calls,
          sample.newVariants,
          sample.loadedAt.toISOString(),
        ]);
        await w.run('COMMIT');
        return { sample, committed: true };
      } catch (err) {
        await w.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await w.run('DETACH st').catch(() => undefined);
    }
  }

  /** Hashed keys (variant-key.ts) are compared on their alleles; a clash is refused, never merged. */
  private async checkKeyClashes(): Promise<void> {
    const hashed = `((s.variant_key & ${HASHED_ALLELE_BIT}) <> 0 OR (s.variant_key >> 56) >= ${FIRST_HASHED_CHROM})`;
    const rows = await this.rows(
      `SELECT s.chrom, s.pos, s.ref, s.alt, o.chrom AS ochrom, o.pos AS opos, o.ref AS oref, o.alt AS oalt
       FROM st.stage_variants s
       JOIN (SELECT variant_key, chrom, pos, ref, alt FROM variants UNION ALL SELECT variant_key, chrom, pos, ref, alt FROM st.stage_variants) o
         ON o.variant_key = s.variant_key
       WHERE ${hashed} AND (o.chrom <> s.chrom OR o.pos <> s.pos OR o.ref <> s.ref OR o.alt <> s.alt)
       LIMIT 1`,
      [],
      this.writer,
    );
    const r = rows[0];
    if (r) {
      throw new KibanError('internal', 'VARIANT_KEY_CLASH', `variant key clash: ${r.chrom}:${r.pos} ${r.ref}>${r.alt} and ${r.ochrom}:${r.opos} ${r.oref}>${r.oalt}`, {
        variant: `${r.chrom}:${r.pos}:${r.ref}:${r.alt}`,
      });
    }
  }

  async getSample(sampleId: string): Promise<StoredSample | undefined> {
    const rows = await this.rows('SELECT * FROM samples WHERE sample_id = $1', [sampleId]);
    return rows[0] ? toSample(rows[0]) : undefined;
  }

  async listSamples(): Promise<StoredSample[]> {
    return (await this.rows('SELECT * FROM samples ORDER BY sample_id')).map(toSample);
  }

  /** The sample's number in `calls` (-1 when not loaded: matches nothing). */
  private async sampleIdx(sampleId: string, connection?: DuckDBConnection): Promise<number> {
    const [row] = await this.rows('SELECT sample_idx FROM samples WHERE sample_id = $1', [sampleId], connection);
    return row ? Number(row.sample_idx) : -1;
  }

  async sampleVariants(query: SampleVariantQuery): Promise<Page<SampleVariant>> {
    const idx = await this.sampleIdx(query.sampleId);
    const { sql, params } = sampleVariantsSql(query, idx);
    const rows = await this.rows(sql, params);
    const total = rows.length > 0 ? Number(rows[0]!.total) : await this.countOnly(query);
    return { total, rows: rows.map(toSampleVariant) };
  }

  private async countOnly(query: SampleVariantQuery): Promise<number> {
    if ((query.offset ?? 0) === 0) return 0;
    const { sql, params } = sampleVariantsSql({ ...query, offset: 0, limit: 1 }, await this.sampleIdx(query.sampleId));
    const rows = await this.rows(sql, params);
    return rows[0] ? Number(rows[0].total) : 0;
  }

  /**
   * Samples in `calls_by_variant` are found through its variant order (zone maps leave one row
   * group per run); the few samples above the watermark through `calls` (one row group each).
   */
  async carriers(v: VariantLocator, options: CarriersOptions = {}): Promise<Carrier[]> {
    const key = variantKey(v.chrom, v.pos1, v.ref, v.alt);
    const excluded = excludedSamplesSql('s.sample_id', options.excludeSampleIds);
    return this.inSnapshot(async (c, through) => {
      const rows = await this.rows(
        `WITH hits AS (
           SELECT sample_idx, gt, ad_ref, ad_alt, dp, vaf, filter FROM calls_by_variant WHERE variant_key = $1
           UNION ALL
           SELECT sample_idx, gt, ad_ref, ad_alt, dp, vaf, filter FROM calls WHERE variant_key = $1 AND sample_idx > $6
         )
         SELECT s.sample_id, s.kind, h.gt, h.ad_ref, h.ad_alt, h.dp, h.vaf, h.filter
         FROM hits h JOIN samples s USING (sample_idx)
         WHERE EXISTS (SELECT 1 FROM variants v WHERE v.variant_key = $1 AND v.chrom = $2 AND v.pos = $3 AND v.ref = $4 AND v.alt = $5)${excluded}
         ORDER BY s.sample_id`,
        [key, v.chrom, v.pos1, v.ref, v.alt, through],
        c,
      );
      return rows.map((r) => ({
        sampleId: r.sample_id as string,
        kind: r.kind as Carrier['kind'],
        gt: (r.gt as string | null) ?? null,
        adRef: (r.ad_ref as number | null) ?? null,
        adAlt: (r.ad_alt as number | null) ?? null,
        dp: (r.dp as number | null) ?? null,
        vaf: r.vaf === null ? null : roundFloat(r.vaf as number),
        filter: r.filter as string,
      }));
    });
  }

  /**
   * The keys go into the SQL as an IN list of integer literals: DuckDB checks a literal list
   * against each row group's min/max, so a page's keys read a few row groups per sorted run
   * (bench:queries), where a join or a bound list would scan them all.
   */
  async carrierCounts(q: CarrierCountQuery): Promise<CarrierCounts> {
    if (q.keys.length > 500) throw invalidInput('TOO_MANY_KEYS', `carrierCounts: at most 500 keys, got ${q.keys.length}`);
    const exclude = q.excludeSampleId ?? '';
    const excluded = excludedSamplesSql('s.sample_id', q.excludeSampleIds);
    return this.inSnapshot(async (c, through) => {
      const [total] = await this.rows(`SELECT count(*) AS n FROM samples s WHERE s.kind = $1 AND s.sample_id <> $2${excluded}`, [q.kind, exclude], c);
      const counts = new Map<bigint, number>();
      if (q.keys.length > 0) {
        const list = q.keys.map((k) => BigInt.asIntN(64, k).toString()).join(', ');
        const rows = await this.rows(
          `WITH hits AS (
             SELECT variant_key, sample_idx FROM calls_by_variant WHERE variant_key IN (${list})
             UNION ALL
             SELECT variant_key, sample_idx FROM calls WHERE variant_key IN (${list}) AND sample_idx > $3
           )
           SELECT h.variant_key, count(*) AS n FROM hits h JOIN samples s USING (sample_idx)
           WHERE s.kind = $1 AND s.sample_id <> $2${excluded}
           GROUP BY h.variant_key`,
          [q.kind, exclude, through],
          c,
        );
        for (const r of rows) counts.set(BigInt(r.variant_key as bigint), Number(r.n));
      }
      return { samples: Number(total!.n), counts };
    });
  }

  /**
   * Runs reads of the calls in one snapshot with the watermark of the variant-ordered copy, so a
   * concurrent `compact` cannot show a sample twice or not at all.
   */
  private async inSnapshot<T>(read: (c: DuckDBConnection, through: number) => Promise<T>): Promise<T> {
    const c = await this.instance.connect();
    try {
      await c.run('BEGIN TRANSACTION');
      const result = await read(c, (await this.byVariantState(c)).through);
      await c.run('COMMIT');
      return result;
    } finally {
      c.closeSync();
    }
  }

  /**
   * Compactions run one after another on their own connection, beside the write chain: DuckDB's
   * MVCC lets a sample commit while a rewrite sorts every call (about 160 s at 1,000 genomes), so
   * loads no longer queue behind it. A commit never writes `calls_by_variant` or `store_meta`, so
   * the two cannot conflict; samples committed meanwhile are above the new watermark and wait.
   */
  compact(options: { force?: boolean } = {}): Promise<CompactResult> {
    const run = this.compactChain.then(() => this.compactNow(options.force ?? false));
    this.compactChain = run.catch(() => undefined);
    return run;
  }

  private async compactNow(force: boolean): Promise<CompactResult> {
    const started = Date.now();
    if (this.closing) return { samples: 0, rewritten: false, elapsedMs: 0 };
    const c = await this.instance.connect();
    this.compactor = c;
    try {
      const { through, runs } = await this.byVariantState(c);
      const [waiting] = await this.rows('SELECT count(*) AS n, max(sample_idx) AS top FROM samples WHERE sample_idx > $1', [through], c);
      const samples = Number(waiting!.n);
      if (samples === 0 || (!force && samples < this.byVariant.tailSamples)) return { samples: 0, rewritten: false, elapsedMs: Date.now() - started };
      const top = Number(waiting!.top);
      const rewrite = runs + 1 > this.byVariant.maxRuns;
      await c.run('BEGIN TRANSACTION');
      try {
        if (rewrite) {
          // A new table from `calls`, not from the runs: the rows of replaced samples go with the old
          // copy. Readers that began before COMMIT keep reading the old table.
          await c.run(callsTableDdl('calls_by_variant_next'));
          await c.run('INSERT INTO calls_by_variant_next SELECT * FROM calls WHERE sample_idx <= $1 ORDER BY variant_key, sample_idx', [top]);
          await this.hooks.beforeRewriteCommit?.();
          if (this.closing) throw new Error('closing'); // close() came between statements; the catch rolls back
          await c.run('DROP TABLE calls_by_variant');
          await c.run('ALTER TABLE calls_by_variant_next RENAME TO calls_by_variant');
        } else {
          await c.run('INSERT INTO calls_by_variant SELECT * FROM calls WHERE sample_idx > $1 AND sample_idx <= $2 ORDER BY variant_key, sample_idx', [through, top]);
        }
        await c.run(`UPDATE store_meta SET value = $1 WHERE key = 'by_variant_through'`, [String(top)]);
        await c.run(`UPDATE store_meta SET value = $1 WHERE key = 'by_variant_runs'`, [String(rewrite ? 1 : runs + 1)]);
        await c.run('COMMIT');
      } catch (err) {
        await c.run('ROLLBACK').catch(() => undefined);
        // Interrupted by close(): nothing changed, and the next compaction starts over.
        if (this.closing) return { samples: 0, rewritten: false, elapsedMs: Date.now() - started };
        throw err;
      }
      return { samples, rewritten: rewrite, elapsedMs: Date.now() - started };
    } finally {
      this.compactor = undefined;
      c.closeSync();
    }
  }

  private async byVariantState(c: DuckDBConnection): Promise<{ through: number; runs: number }> {
    const rows = await this.rows(`SELECT key, value FROM store_meta WHERE key IN ('by_variant_through', 'by_variant_runs')`, [], c);
    const get = (k: string) => Number(rows.find((r) => r.key === k)?.value ?? 0);
    return { through: get('by_variant_through'), runs: get('by_variant_runs') };
  }

  async counts(): Promise<StoreCounts> {
    const rows = await this.rows(
      'SELECT (SELECT count(*) FROM samples) AS samples, (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM calls) AS calls',
    );
    const r = rows[0]!;
    const bytes = [this.path, `${this.path}.wal`].filter(existsSync).reduce((a, f) => a + statSync(f).size, 0);
    return { samples: Number(r.samples), variants: Number(r.variants), calls: Number(r.calls), storageBytes: bytes };
  }

  /** Writes the WAL into the file (the benchmark measures bytes after this). */
  async checkpoint(): Promise<void> {
    await this.writeChain;
    await this.writer.run('CHECKPOINT');
  }

  /** Interrupts a running compaction (a rewrite can take minutes; it rolls back and is redone later). */
  async close(): Promise<void> {
    this.closing = true;
    this.compactor?.interrupt();
    await this.compactChain;
    await this.writeChain;
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private async rows(sql: string, params: DuckDBValue[] = [], connection?: DuckDBConnection): Promise<Record<string, unknown>[]> {
    const c = connection ?? (await this.instance.connect());
    try {
      const reader = await c.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      if (!connection) c.closeSync();
    }
  }
}

/**
 * Staging files of processes that no longer run (killed mid-ingest) are garbage: the store never
 * saw them. Their names carry the writer's pid (see `stage`).
 */
function removeOrphanedStaging(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(/\.(\d+)\.[0-9a-f]{8}\.duckdb(\.wal|\.(variants|calls)-\d+\.tsv)?$/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(dir, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toSample(r: Record<string, unknown>): StoredSample {
  return {
    sampleId: r.sample_id as string,
    fileSha256: r.file_sha256 as string,
    kind: r.kind as StoredSample['kind'],
    vcfSample: r.vcf_sample as string,
    records: Number(r.records),
    calls: Number(r.calls),
    newVariants: Number(r.new_variants),
    loadedAt: r.loaded_at as Date,
  };
}

function toSampleVariant(r: Record<string, unknown>): SampleVariant {
  return {
    variantKey: r.variant_key as bigint,
    chrom: r.chrom as string,
    pos1: r.pos as number,
    ref: r.ref as string,
    alt: r.alt as string,
    gene: (r.gene as string | null) ?? null,
    consequence: (r.consequence as string | null) ?? null,
    impact: (r.impact as SampleVariant['impact']) ?? null,
    hgvsc: (r.hgvsc as string | null) ?? null,
    hgvsp: (r.hgvsp as string | null) ?? null,
    maxPopulationAf: (r.max_population_af as number | null) ?? null,
    clinvarSignificance: (r.clinvar_significance as string | null) ?? null,
    gt: (r.gt as string | null) ?? null,
    adRef: (r.ad_ref as number | null) ?? null,
    adAlt: (r.ad_alt as number | null) ?? null,
    dp: (r.dp as number | null) ?? null,
    gq: (r.gq as number | null) ?? null,
    vaf: r.vaf === null || r.vaf === undefined ? null : roundFloat(r.vaf as number),
    filter: r.filter as string,
  };
}

/** VAF is stored as FLOAT (4 bytes); report it at float precision, not as 0.3333333432674408. */
function roundFloat(x: number): number {
  return Number(x.toPrecision(7));
}

/**
 * ` AND column NOT IN ('a', 'b')` for samples a query must leave out (withdrawn participants'), as
 * string literals: a few ids at most per participant, and a literal list is checked against row
 * group statistics where a bound list would not be.
 */
export function excludedSamplesSql(column: string, ids: readonly string[] | undefined): string {
  return ids && ids.length > 0 ? ` AND ${column} NOT IN (${ids.map(sqlString).join(', ')})` : '';
}
