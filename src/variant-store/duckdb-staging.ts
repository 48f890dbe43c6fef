import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { STAGING_DDL } from './duckdb-schema.js';
import type { CallRow, StagedSample, VariantRow, VariantStaging } from './interface.js';

/**
 * Staged rows of one ingest in their own DuckDB file, written through the Appender (the bulk
 * path; row-by-row INSERT is ~100× slower). The file is outside the store, so a crash while
 * staging never touches it; `commitSample` ATTACHes the file and moves the rows in one
 * transaction. memory_limit bounds the staging instance: beyond it DuckDB writes blocks to the
 * file instead of growing (STYLE §9).
 */
export const STAGING_MEMORY_LIMIT = '256MB';

export class DuckDbStaging implements VariantStaging {
  private variants = 0;
  private calls = 0;
  private done = false;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly variantAppender: DuckDBAppender,
    private readonly callAppender: DuckDBAppender,
  ) {}

  static async create(path: string): Promise<DuckDbStaging> {
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
    const instance = await DuckDBInstance.create(path, { memory_limit: STAGING_MEMORY_LIMIT, threads: '1' });
    const connection = await instance.connect();
    await connection.run(STAGING_DDL);
    const v = await connection.createAppender('stage_variants');
    const c = await connection.createAppender('stage_calls');
    return new DuckDbStaging(path, instance, connection, v, c);
  }

  addVariant(r: VariantRow): void {
    const a = this.variantAppender;
    a.appendBigInt(r.variantKey);
    a.appendVarchar(r.chrom);
    a.appendInteger(r.pos1);
    a.appendVarchar(r.ref);
    a.appendVarchar(r.alt);
    a.appendVarchar(r.kind);
    text(a, r.gene);
    text(a, r.geneId);
    text(a, r.transcriptId);
    text(a, r.consequence);
    text(a, r.impact);
    text(a, r.hgvsc);
    text(a, r.hgvsp);
    text(a, r.clinvarSignificance);
    text(a, r.clinvarReviewStatus);
    text(a, r.maxPopulationAf === null ? null : JSON.stringify(r.populationAf));
    if (r.maxPopulationAf === null) a.appendNull();
    else a.appendDouble(r.maxPopulationAf);
    text(a, r.csq);
    a.appendVarchar(r.annotationVersion);
    a.endRow();
    this.variants++;
  }

  addCall(r: CallRow): void {
    const a = this.callAppender;
    a.appendBigInt(r.variantKey);
    text(a, r.gt);
    int(a, r.adRef);
    int(a, r.adAlt);
    int(a, r.dp);
    int(a, r.gq);
    if (r.vaf === null || !Number.isFinite(r.vaf)) a.appendNull();
    else a.appendFloat(r.vaf);
    a.appendVarchar(r.filter);
    int(a, r.normalAdRef);
    int(a, r.normalAdAlt);
    int(a, r.normalDp);
    a.endRow();
    this.calls++;
  }

  async finish(): Promise<StagedSample> {
    this.variantAppender.closeSync();
    this.callAppender.closeSync();
    await this.connection.run('CHECKPOINT');
    this.close();
    return { location: this.path, variants: this.variants, calls: this.calls };
  }

  async abort(): Promise<void> {
    try {
      this.close();
    } finally {
      removeStaged(this.path);
    }
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export function removeStaged(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}

function text(a: DuckDBAppender, v: string | null): void {
  if (v === null) a.appendNull();
  else a.appendVarchar(v);
}

function int(a: DuckDBAppender, v: number | null): void {
  if (v === null) a.appendNull();
  else a.appendInteger(v);
}
