import { participantInUseSql } from '../registry/index.js';
import type { Queryable } from '../db/index.js';
import type { CheckResult, CustodyEvent, ShipmentStatus, SpecimenStatus, SpecimenType } from './schemas.js';

/**
 * SQL of the specimens module. Cases and their members are the registry's tables; this module
 * only reads them (and locks a case row while it decides on a transition); every change of a
 * case's state goes through the registry's transitionCase.
 */

export interface CaseRef {
  id: string;
  domain: 'cancer' | 'rare_disease';
  hospital_org_id: string;
  state: string;
}

export interface SpecimenRow {
  id: string;
  barcode: string;
  case_id: string;
  participant_id: string;
  type: SpecimenType;
  status: SpecimenStatus;
  collected_at: Date;
}

export interface ShipmentRow {
  id: string;
  from_org_id: string;
  from_org_name: string;
  to_org_id: string;
  to_org_name: string;
  status: ShipmentStatus;
  tracking_no: string | null;
  created_at: Date;
  dispatched_at: Date | null;
  received_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  item_count: number;
}

export interface ShipmentItemRow {
  specimen_id: string;
  barcode: string;
  type: SpecimenType;
  case_id: string;
  check_result: CheckResult | null;
  check_note: string | null;
}

export interface CustodyRow {
  specimenId: string;
  at: Date;
  event: CustodyEvent;
  orgId: string;
  actorId: string | null;
  shipmentId: string | null;
  note: string | null;
}

const SPECIMEN_COLS = 's.id, s.barcode, s.case_id, s.participant_id, s.type, s.status, s.collected_at';

// Cases (read and lock only) ------------------------------------------------------------------

/** Locks the cases in id order (a fixed order, so two commands never deadlock on them). */
export async function lockCases(q: Queryable, caseIds: readonly string[]): Promise<CaseRef[]> {
  return q.query<CaseRef>(
    'SELECT id, domain, hospital_org_id, state FROM cases WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
    [[...caseIds]],
  );
}

export async function memberRelationship(q: Queryable, caseId: string, participantId: string): Promise<string | undefined> {
  const [row] = await q.query<{ relationship: string }>(
    'SELECT relationship FROM case_members WHERE case_id = $1 AND participant_id = $2',
    [caseId, participantId],
  );
  return row?.relationship;
}

// Specimens ------------------------------------------------------------------------------------

export async function barcodeTaken(q: Queryable, barcode: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM specimens WHERE barcode = $1', [barcode])).length > 0;
}

export async function insertSpecimen(q: Queryable, s: SpecimenRow & { created_by: string | null }): Promise<void> {
  await q.query(
    `INSERT INTO specimens (id, barcode, case_id, participant_id, type, status, collected_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.id, s.barcode, s.case_id, s.participant_id, s.type, s.status, s.collected_at, s.created_by],
  );
}

/** Lists leave out specimens of participants who withdrew (docs/consent-withdrawal.md); their custody stays readable. */
const SPECIMEN_IN_USE = participantInUseSql('s.participant_id');

export async function listSpecimensOfCase(q: Queryable, caseId: string): Promise<SpecimenRow[]> {
  return q.query<SpecimenRow>(
    `SELECT ${SPECIMEN_COLS} FROM specimens s WHERE s.case_id = $1 AND ${SPECIMEN_IN_USE} ORDER BY s.collected_at, s.created_at, s.id`, [caseId]);
}

export interface RejectionRow {
  specimen_id: string; check_result: CheckResult; check_note: string | null; received_at: Date; to_org_id: string; shipment_id: string;
}

/** The check results other than ok that a case's specimens received, one per specimen. */
export async function rejectionsOfCase(q: Queryable, caseId: string): Promise<RejectionRow[]> {
  return q.query<RejectionRow>(
    `SELECT i.specimen_id, i.check_result, i.check_note, sh.received_at, sh.to_org_id, sh.id AS shipment_id
       FROM shipment_items i JOIN shipments sh ON sh.id = i.shipment_id JOIN specimens s ON s.id = i.specimen_id
      WHERE s.case_id = $1 AND i.check_result IS NOT NULL AND i.check_result <> 'ok'`,
    [caseId],
  );
}

export async function countSpecimensOfCase(q: Queryable, caseId: string): Promise<number> {
  const [row] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM specimens WHERE case_id = $1', [caseId]);
  return row?.n ?? 0;
}

export interface SpecimenFilter {
  /** The hospital whose specimens to list; undefined = every hospital (overseers). */
  hospitalOrgId?: string;
  status?: SpecimenStatus;
  caseId?: string;
  shippable?: boolean;
  limit: number;
  offset: number;
}

export async function listSpecimens(q: Queryable, f: SpecimenFilter): Promise<{ rows: SpecimenRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  where.push(SPECIMEN_IN_USE, participantInUseSql('c.proband_id'));
  if (f.hospitalOrgId !== undefined) add('c.hospital_org_id = ?', f.hospitalOrgId);
  if (f.status !== undefined) add('s.status = ?', f.status);
  if (f.caseId !== undefined) add('s.case_id = ?', f.caseId);
  if (f.shippable !== undefined) {
    const shippable = `(s.status = 'collected' AND c.state <> 'withdrawn' AND NOT EXISTS (
      SELECT 1 FROM shipment_items i JOIN shipments sh ON sh.id = i.shipment_id WHERE i.specimen_id = s.id AND sh.status = 'created'))`;
    where.push(f.shippable ? shippable : `NOT ${shippable}`);
  }
  const from = `FROM specimens s JOIN cases c ON c.id = s.case_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  const rows = await q.query<SpecimenRow>(
    `SELECT ${SPECIMEN_COLS} ${from} ORDER BY s.collected_at, s.created_at, s.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows, total: count?.n ?? 0 };
}

/** The specimens with their case's hospital, locked, in id order. */
export async function lockSpecimens(q: Queryable, ids: readonly string[]): Promise<Array<SpecimenRow & { hospital_org_id: string }>> {
  return q.query(
    `SELECT ${SPECIMEN_COLS}, c.hospital_org_id
       FROM specimens s JOIN cases c ON c.id = s.case_id
      WHERE s.id = ANY($1::text[]) ORDER BY s.id FOR UPDATE OF s`,
    [[...ids]],
  );
}

/** Which of these specimens already sit on a manifest that has not been dispatched. */
export async function openShipmentsOf(q: Queryable, ids: readonly string[]): Promise<Array<{ specimen_id: string; shipment_id: string }>> {
  return q.query(
    `SELECT i.specimen_id, i.shipment_id FROM shipment_items i JOIN shipments sh ON sh.id = i.shipment_id
      WHERE i.specimen_id = ANY($1::text[]) AND sh.status = 'created' ORDER BY i.specimen_id`,
    [[...ids]],
  );
}

export async function setSpecimenStatus(q: Queryable, ids: readonly string[], status: SpecimenStatus): Promise<void> {
  if (ids.length === 0) return;
  await q.query('UPDATE specimens SET status = $2 WHERE id = ANY($1::text[])', [[...ids], status]);
}

/** Who may see a specimen: its case's hospital, and the sequencing companies it was shipped to. */
export async function specimenScope(q: Queryable, id: string): Promise<{ hospital_org_id: string; destinations: string[] } | undefined> {
  const [row] = await q.query<{ hospital_org_id: string; destinations: string[] | null }>(
    `SELECT c.hospital_org_id,
            (SELECT array_agg(DISTINCT sh.to_org_id) FROM shipment_items i JOIN shipments sh ON sh.id = i.shipment_id
              WHERE i.specimen_id = s.id) AS destinations
       FROM specimens s JOIN cases c ON c.id = s.case_id WHERE s.id = $1`,
    [id],
  );
  return row ? { hospital_org_id: row.hospital_org_id, destinations: row.destinations ?? [] } : undefined;
}

// Custody -------------------------------------------------------------------------------------

export async function insertCustody(q: Queryable, rows: readonly CustodyRow[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const values = rows.map((r) => {
    params.push(r.specimenId, r.at, r.event, r.orgId, r.actorId, r.shipmentId, r.note);
    const n = params.length;
    return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  await q.query(
    `INSERT INTO custody_events (specimen_id, at, event, org_id, actor_id, shipment_id, note) VALUES ${values.join(', ')}`,
    params,
  );
}

export async function listCustody(q: Queryable, specimenId: string): Promise<CustodyRow[]> {
  return q.query<CustodyRow>(
    `SELECT specimen_id AS "specimenId", at, event, org_id AS "orgId", actor_id AS "actorId",
            shipment_id AS "shipmentId", note
       FROM custody_events WHERE specimen_id = $1 ORDER BY at, id`,
    [specimenId],
  );
}

// Shipments -----------------------------------------------------------------------------------

export async function insertShipment(
  q: Queryable,
  s: { id: string; fromOrgId: string; toOrgId: string; trackingNo: string | null; createdAt: Date; createdBy: string | null },
  specimenIds: readonly string[],
): Promise<void> {
  await q.query(
    `INSERT INTO shipments (id, from_org_id, to_org_id, status, tracking_no, created_at, created_by)
     VALUES ($1, $2, $3, 'created', $4, $5, $6)`,
    [s.id, s.fromOrgId, s.toOrgId, s.trackingNo, s.createdAt, s.createdBy],
  );
  await q.query(
    'INSERT INTO shipment_items (shipment_id, specimen_id) SELECT $1, x FROM unnest($2::text[]) AS x',
    [s.id, [...specimenIds]],
  );
}

const SHIPMENT_SELECT = `
  SELECT sh.id, sh.from_org_id, fo.name AS from_org_name, sh.to_org_id, tor.name AS to_org_name, sh.status,
         sh.tracking_no, sh.created_at, sh.dispatched_at, sh.received_at, sh.cancelled_at, sh.cancel_reason,
         (SELECT count(*)::int FROM shipment_items i WHERE i.shipment_id = sh.id) AS item_count
    FROM shipments sh JOIN organisations fo ON fo.id = sh.from_org_id JOIN organisations tor ON tor.id = sh.to_org_id`;

export async function getShipment(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<ShipmentRow | undefined> {
  const [row] = await q.query<ShipmentRow>(`${SHIPMENT_SELECT} WHERE sh.id = $1${opts.lock ? ' FOR UPDATE OF sh' : ''}`, [id]);
  return row;
}

export interface ShipmentFilter {
  /** Orgs the caller may see shipments of, as sender or as destination; undefined = all. */
  fromOrgId?: string;
  toOrgId?: string;
  /** Either side is the caller's org. */
  eitherOrgId?: string;
  status?: ShipmentStatus;
  limit: number;
  offset: number;
}

export async function listShipments(q: Queryable, f: ShipmentFilter): Promise<{ rows: ShipmentRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (f.fromOrgId !== undefined) add('sh.from_org_id = ?', f.fromOrgId);
  if (f.toOrgId !== undefined) add('sh.to_org_id = ?', f.toOrgId);
  if (f.eitherOrgId !== undefined) add('(sh.from_org_id = ? OR sh.to_org_id = ?)', f.eitherOrgId);
  if (f.status !== undefined) add('sh.status = ?', f.status);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM shipments sh ${clause}`, params);
  const rows = await q.query<ShipmentRow>(
    `${SHIPMENT_SELECT} ${clause} ORDER BY sh.created_at DESC, sh.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { rows, total: count?.n ?? 0 };
}

export async function shipmentItems(q: Queryable, shipmentId: string): Promise<ShipmentItemRow[]> {
  return q.query<ShipmentItemRow>(
    `SELECT i.specimen_id, s.barcode, s.type, s.case_id, i.check_result, i.check_note
       FROM shipment_items i JOIN specimens s ON s.id = i.specimen_id
      WHERE i.shipment_id = $1 ORDER BY s.case_id, s.barcode`,
    [shipmentId],
  );
}

export async function markDispatched(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query("UPDATE shipments SET status = 'dispatched', dispatched_at = $2 WHERE id = $1", [id, at]);
}

export async function markCancelled(q: Queryable, id: string, at: Date, reason: string): Promise<void> {
  await q.query("UPDATE shipments SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3 WHERE id = $1", [id, at, reason]);
}

export async function markReceived(q: Queryable, id: string, at: Date, by: string): Promise<void> {
  await q.query("UPDATE shipments SET status = 'received', received_at = $2, received_by = $3 WHERE id = $1", [id, at, by]);
}

export async function setItemChecks(
  q: Queryable,
  shipmentId: string,
  checks: ReadonlyArray<{ specimenId: string; result: CheckResult; note: string | null }>,
): Promise<void> {
  await q.query(
    `UPDATE shipment_items i SET check_result = c.result, check_note = c.note
       FROM unnest($2::text[], $3::text[], $4::text[]) AS c(specimen_id, result, note)
      WHERE i.shipment_id = $1 AND i.specimen_id = c.specimen_id`,
    [shipmentId, checks.map((c) => c.specimenId), checks.map((c) => c.result), checks.map((c) => c.note)],
  );
}

/** Specimens of these cases still in transit (dispatched, not yet checked in). */
export async function casesWithSpecimensInTransit(q: Queryable, caseIds: readonly string[]): Promise<Set<string>> {
  const rows = await q.query<{ case_id: string }>(
    "SELECT DISTINCT case_id FROM specimens WHERE case_id = ANY($1::text[]) AND status = 'shipped'",
    [[...caseIds]],
  );
  return new Set(rows.map((r) => r.case_id));
}
