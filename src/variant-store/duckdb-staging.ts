import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { closeSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { STAGING_DDL } from './duckdb-schema.js';
import type { CallRow, StagedSample, VariantRow, VariantStaging } from './interface.js';
import { callTsv, TSV_COPY_OPTIONS, variantTsv } from './stage-tsv.js';

/**
 * Staged rows of one ingest in their own DuckDB file, loaded in bulk: rows arrive as tab-separated
 * text (stage-tsv.ts), go to chunk files next to it, and each chunk of ~64 MiB is loaded with
 * one COPY per table while the next one is written (the Appender took one N-API call per value on
 * the main thread, its largest cost). The file is outside the store, so a crash while
 * staging never touches it; `commitSample` ATTACHes the file and moves the rows in one
 * transaction. memory_limit bounds the staging instance: beyond it DuckDB writes blocks to the
 * file instead of growing (STYLE §9).
 */
export const STAGING_MEMORY_LIMIT = '256MB';

export class DuckDbStaging implements VariantStaging {
  private variants = 0;
  private calls = 0;
  private done = false;
  private chunk = 0;
  private variantFd = -1;
  private callFd = -1;
  private chunkBytes = 0;
  private variantText = '';
  private callText = '';
  /** COPYs of closed chunks, one after another, on DuckDB's thread while the main thread goes on. */
  private copying: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(path: string): Promise<DuckDbStaging> {
    removeStaged(path);
    const instance = await DuckDBInstance.create(path, { memory_limit: STAGING_MEMORY_LIMIT, threads: '1' });
    const connection = await instance.connect();
    await connection.run(STAGING_DDL);
    return new DuckDbStaging(path, instance, connection);
  }

  addVariant(r: VariantRow): void {
    this.write(variantTsv(r), '', 1, 0);
  }

  addCall(r: CallRow): void {
    this.write('', callTsv(r), 0, 1);
  }

  /** Lines from stage-tsv.ts (a staging worker's batch): `variants` stage_variants rows, `calls` stage_calls rows. */
  addTsv(variantLines: string, callLines: string, variants: number, calls: number): void {
    this.write(variantLines, callLines, variants, calls);
  }

  private write(variantLines: string, callLines: string, variants: number, calls: number): void {
    if (this.variantFd < 0) {
      this.variantFd = openSync(this.chunkPath('variants', this.chunk), 'w');
      this.callFd = openSync(this.chunkPath('calls', this.chunk), 'w');
    }
    this.variantText += variantLines;
    this.callText += callLines;
    this.variants += variants;
    this.calls += calls;
    if (this.variantText.length + this.callText.length >= 1 << 20) this.flush();
    if (this.chunkBytes >= CHUNK_BYTES) this.rotate();
  }

  private flush(): void {
    if (this.variantText !== '') this.chunkBytes += writeSync(this.variantFd, this.variantText);
    if (this.callText !== '') this.chunkBytes += writeSync(this.callFd, this.callText);
    this.variantText = this.callText = '';
  }

  private chunkPath(table: 'variants' | 'calls', n: number): string {
    return `${this.path}.${table}-${n}.tsv`;
  }

  /** Closes the current chunk files and queues their COPY. */
  private rotate(): void {
    if (this.variantFd < 0) return;
    this.flush();
    closeSync(this.variantFd);
    closeSync(this.callFd);
    this.variantFd = this.callFd = -1;
    this.chunkBytes = 0;
    const v = this.chunkPath('variants', this.chunk);
    const c = this.chunkPath('calls', this.chunk);
    this.chunk++;
    this.copying = this.copying.then(async () => {
      await this.connection.run(`COPY stage_variants FROM ${sqlString(v)} (${TSV_COPY_OPTIONS})`);
      await this.connection.run(`COPY stage_calls FROM ${sqlString(c)} (${TSV_COPY_OPTIONS})`);
      rmSync(v, { force: true });
      rmSync(c, { force: true });
    });
    this.copying.catch(() => undefined); // awaited by finish/abort; this only silences the early rejection
  }

  async finish(): Promise<StagedSample> {
    // The staging workers are done: the last COPY and the CHECKPOINT may use every core.
    await this.connection.run(`SET threads = ${Math.max(1, availableParallelism())}`);
    this.rotate();
    await this.copying;
    await this.connection.run('CHECKPOINT');
    this.close();
    return { location: this.path, variants: this.variants, calls: this.calls };
  }

  async abort(): Promise<void> {
    try {
      await this.copying.catch(() => undefined);
      this.close();
    } finally {
      removeStaged(this.path);
    }
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    if (this.variantFd >= 0) {
      closeSync(this.variantFd);
      closeSync(this.callFd);
      this.variantFd = this.callFd = -1;
    }
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Text per chunk before it is COPYed (both tables): bounds the files on disk and overlaps loading with parsing. */
const CHUNK_BYTES = 64 * 2 ** 20;

/** A file path (or any text) as a DuckDB string literal, for statements that take no parameters (ATTACH, COPY). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function removeStaged(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix) && name.endsWith('.tsv')) rmSync(join(dir, name), { force: true });
}
