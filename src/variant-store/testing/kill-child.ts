/**
 * Ingests one VCF and reports progress on stdout, for the kill test (the parent SIGKILLs it).
 *   node --import tsx kill-child.ts <pglite-dir | postgres-url> <store-path> <vcf> <sha256>
 */
import { openPg } from '../../db/pg.js';
import { openPglite } from '../../db/pglite.js';
import { DuckDbVariantStore } from '../duckdb.js';
import { ingestSampleVcf } from '../service.js';
import type { VariantStore } from '../interface.js';
import { syntheticReference } from './synthetic.js';
import { KILL_GENOME } from './kill-genome.js';

const [dbArg, storePath, vcf, sha256] = process.argv.slice(2) as [string, string, string, string];
const db = dbArg.startsWith('postgres') ? openPg(dbArg, 2) : await openPglite(dbArg);
const duck = await DuckDbVariantStore.open({ path: storePath });
// Announce the commit, so that the parent can kill inside the store's transaction.
const store: VariantStore = Object.assign(Object.create(duck) as VariantStore, {
  commitSample: (...args: Parameters<VariantStore['commitSample']>) => {
    process.stdout.write('committing\n');
    return duck.commitSample(...args);
  },
});
const { reference } = syntheticReference(KILL_GENOME);
await ingestSampleVcf({ db, store, reference }, { sampleId: 'K-1', path: vcf, sha256 }, { progressEvery: 20_000, onProgress: (n) => process.stdout.write(`records ${n}\n`) });
process.stdout.write('done\n');
await duck.close();
await db.close();
