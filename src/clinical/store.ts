import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/index.js';
import { participantInUseSql } from '../registry/index.js';
import type { IndexRow } from './search-index.js';

/** Searches and the longitudinal record leave out withdrawn participants (docs/consent-withdrawal.md). */
const IN_USE = participantInUseSql('r.participant_id');

export interface ResourceRow {
  resource_type: string;
  id: string;
  hospital_org_id: string;
  participant_id: string;
  version_id: number;
  last_updated: Date;
  content: Resource;
  sent_by: string;
}

const COLUMNS = 'resource_type, id, hospital_org_id, participant_id, version_id, last_updated, content, sent_by';

export async function getResource(q: Queryable, type: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<ResourceRow | undefined> {
  const [r] = await q.query<ResourceRow>(
    `SELECT ${COLUMNS} FROM fhir_resources WHERE resource_type = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`, [type, id]);
  return r;
}

export async function insertResource(q: Queryable, r: ResourceRow): Promise<void> {
  await q.query(`INSERT INTO fhir_resources (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.resource_type, r.id, r.hospital_org_id, r.participant_id, r.version_id, r.last_updated, r.content, r.sent_by]);
  await insertHistory(q, r);
}

export async function updateResource(q: Queryable, r: ResourceRow): Promise<void> {
  await q.query(`UPDATE fhir_resources SET participant_id = $3, version_id = $4, last_updated = $5, content = $6, sent_by = $7
                  WHERE resource_type = $1 AND id = $2`,
  [r.resource_type, r.id, r.participant_id, r.version_id, r.last_updated, r.content, r.sent_by]);
  await insertHistory(q, r);
}

async function insertHistory(q: Queryable, r: ResourceRow): Promise<void> {
  await q.query('INSERT INTO fhir_resource_history (resource_type, id, version_id, last_updated, content) VALUES ($1, $2, $3, $4, $5)',
    [r.resource_type, r.id, r.version_id, r.last_updated, r.content]);
}

export async function history(q: Queryable, type: string, id: string): Promise<Array<Pick<ResourceRow, 'version_id' | 'last_updated' | 'content'>>> {
  return q.query('SELECT version_id, last_updated, content FROM fhir_resource_history WHERE resource_type = $1 AND id = $2 ORDER BY version_id DESC', [type, id]);
}

export async function version(q: Queryable, type: string, id: string, versionId: number): Promise<Pick<ResourceRow, 'version_id' | 'last_updated' | 'content'> | undefined> {
  const [r] = await q.query<Pick<ResourceRow, 'version_id' | 'last_updated' | 'content'>>(
    'SELECT version_id, last_updated, content FROM fhir_resource_history WHERE resource_type = $1 AND id = $2 AND version_id = $3', [type, id, versionId]);
  return r;
}

export async function replaceIndex(q: Queryable, type: string, id: string, rows: IndexRow[]): Promise<void> {
  await q.query('DELETE FROM fhir_search WHERE resource_type = $1 AND id = $2', [type, id]);
  if (!rows.length) return;
  const params: unknown[] = [];
  const values = rows.map((r) => {
    params.push(type, id, r.param, r.system, r.code, r.ref, r.dateLo, r.dateHi);
    const n = params.length;
    return `($${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  await q.query(`INSERT INTO fhir_search (resource_type, id, param, system, code, ref, date_lo, date_hi) VALUES ${values.join(', ')}`, params);
}

/** Where-clauses built by search.ts; `$n` placeholders refer to `params`. */
export interface SearchSql {
  where: string[];
  params: unknown[];
}

export async function search(q: Queryable, s: SearchSql, limit: number, offset: number): Promise<{ total: number; rows: ResourceRow[] }> {
  const where = [...s.where, IN_USE].join(' AND ');
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM fhir_resources r WHERE ${where}`, s.params);
  const rows = await q.query<ResourceRow>(
    `SELECT ${COLUMNS} FROM fhir_resources r WHERE ${where} ORDER BY last_updated, id LIMIT ${limit} OFFSET ${offset}`, s.params);
  return { total: count!.n, rows };
}

/** Resources of `type` at `hospital` with an identifier whose keyed hash is `hmac` (If-None-Exist). */
export async function findByIdentifier(q: Queryable, type: string, hospital: string, system: string | null, hmac: string): Promise<ResourceRow[]> {
  return q.query<ResourceRow>(
    `SELECT ${COLUMNS.split(', ').map((c) => `r.${c}`).join(', ')} FROM fhir_resources r
      WHERE r.resource_type = $1 AND r.hospital_org_id = $2 AND ${IN_USE} AND EXISTS (
        SELECT 1 FROM fhir_search s WHERE s.resource_type = r.resource_type AND s.id = r.id
           AND s.param = 'identifier' AND s.code = $3 AND ($4::text IS NULL OR s.system = $4))`,
    [type, hospital, hmac, system]);
}

export async function patientOfParticipant(q: Queryable, participantId: string): Promise<ResourceRow | undefined> {
  const [r] = await q.query<ResourceRow>(`SELECT ${COLUMNS} FROM fhir_resources WHERE resource_type = 'Patient' AND participant_id = $1`, [participantId]);
  return r;
}

/** Every current resource about the given participants, oldest first (the longitudinal record). */
export async function resourcesOfParticipants(q: Queryable, participantIds: readonly string[]): Promise<ResourceRow[]> {
  return q.query<ResourceRow>(`SELECT ${COLUMNS} FROM fhir_resources r WHERE participant_id = ANY($1) AND ${IN_USE} ORDER BY last_updated, id`, [participantIds]);
}
