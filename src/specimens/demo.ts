import { createHash } from 'node:crypto';
import { auditSystem } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import type { CustodyEvent, SpecimenStatus, SpecimenType } from './schemas.js';

/**
 * Demo specimens and shipments for the cases the registry's demo step generated. Whatever a case's
 * history says happened (case_events reaching specimen_collected, shipped, received) gets the
 * matching specimens, shipment and custody events, stamped with the times of those case events.
 * Case states are not touched: the registry step already wrote them. Rows go in with multi-row
 * INSERTs inside one transaction, so 10,000 cases take seconds, not minutes.
 */

interface DemoCase {
  id: string;
  domain: 'cancer' | 'rare_disease';
  hospital_org_id: string;
  collected_at: Date;
  shipped_at: Date | null;
  received_at: Date | null;
}

interface Member { case_id: string; participant_id: string; relationship: string }

/** Every Nth case still at specimen_collected has a packed, not yet dispatched, shipment. */
const CREATED_SHIPMENT_EVERY = 3;
/** Rows per INSERT: 7 columns × 4,000 rows stays well under PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 4000;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A stable id from the seed, so that the same seed gives the same demo. */
function demoId(prefix: 'SP' | 'SH', seed: number, key: string): string {
  const bytes = createHash('sha256').update(`${seed}:${prefix}:${key}`).digest();
  let out = '';
  for (let i = 0; i < 12; i++) out += CROCKFORD[bytes[i]! & 31];
  return `${prefix}-${out}`;
}

function hashInt(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0);
}

function barcodePart(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export async function insertRows(q: Queryable, table: string, cols: readonly string[], rows: readonly unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const params: unknown[] = [];
    const values = chunk.map((row) => {
      const marks = row.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await q.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}

async function loadCases(q: Queryable): Promise<{ cases: DemoCase[]; members: Map<string, Member[]> }> {
  const cases = await q.query<DemoCase>(
    `SELECT c.id, c.domain, c.hospital_org_id,
            min(e.at) FILTER (WHERE e.to_state = 'specimen_collected') AS collected_at,
            min(e.at) FILTER (WHERE e.to_state = 'shipped') AS shipped_at,
            min(e.at) FILTER (WHERE e.to_state = 'received') AS received_at
       FROM cases c JOIN case_events e ON e.case_id = c.id
      WHERE e.to_state IN ('specimen_collected', 'shipped', 'received')
        AND NOT EXISTS (SELECT 1 FROM specimens s WHERE s.case_id = c.id)
      GROUP BY c.id, c.domain, c.hospital_org_id
      ORDER BY c.id`,
  );
  const rows = await q.query<Member>(
    `SELECT m.case_id, m.participant_id, m.relationship FROM case_members m
      WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = m.case_id AND e.to_state = 'specimen_collected')
      ORDER BY m.case_id, m.relationship <> 'proband', m.participant_id`,
  );
  const members = new Map<string, Member[]>();
  for (const m of rows) members.set(m.case_id, [...(members.get(m.case_id) ?? []), m]);
  return { cases: cases.filter((c) => c.collected_at !== null), members };
}

/** Cancer: tumour (FFPE, or fresh-frozen for one in five) and blood as normal; rare disease: blood of every member. */
function specimensFor(c: DemoCase, members: Member[], seed: number): Array<{ participantId: string; type: SpecimenType; suffix: string }> {
  const proband = members.find((m) => m.relationship === 'proband');
  if (!proband) return [];
  if (c.domain === 'cancer') {
    const tumour: SpecimenType = hashInt(seed, `${c.id}:tumour`) % 5 === 0 ? 'tumour_fresh_frozen' : 'tumour_ffpe';
    return [
      { participantId: proband.participant_id, type: tumour, suffix: 'T' },
      { participantId: proband.participant_id, type: 'blood_normal', suffix: 'N' },
    ];
  }
  return members.map((m, i) => (m.relationship === 'proband'
    ? { participantId: m.participant_id, type: 'blood_normal' as const, suffix: 'N' }
    : { participantId: m.participant_id, type: 'family_blood' as const, suffix: `F${i}` }));
}

export async function seedDemoSpecimens(db: Db, opts: { seed: number }): Promise<void> {
  const seed = opts.seed;
  await db.transaction(async (tx) => {
    const sequencers = (await tx.query<{ id: string }>("SELECT id FROM organisations WHERE type = 'sequencing_company' ORDER BY id")).map((r) => r.id);
    if (sequencers.length === 0) return;
    const { cases, members } = await loadCases(tx);
    const specimens: unknown[][] = [];
    const shipments: unknown[][] = [];
    const items: unknown[][] = [];
    const custody: unknown[][] = [];
    const event = (specimenId: string, at: Date, e: CustodyEvent, orgId: string, shipmentId: string | null, note: string | null) =>
      custody.push([specimenId, at, e, orgId, null, shipmentId, note]);
    let waiting = 0;

    for (const c of cases) {
      const status: SpecimenStatus = c.received_at ? 'received' : c.shipped_at ? 'shipped' : 'collected';
      const planned = specimensFor(c, members.get(c.id) ?? [], seed);
      const ids = planned.map((p) => demoId('SP', seed, `${c.id}:${p.suffix}`));
      planned.forEach((p, i) => {
        const barcode = `${barcodePart(c.hospital_org_id.replace(/^H-/, ''))}-${barcodePart(c.id)}-${p.suffix}`;
        specimens.push([ids[i], barcode, c.id, p.participantId, p.type, status, c.collected_at]);
        event(ids[i]!, c.collected_at, 'collected', c.hospital_org_id, null, null);
      });
      const packedAt = c.shipped_at ?? (waiting++ % CREATED_SHIPMENT_EVERY === 0 ? c.collected_at : null);
      if (!packedAt || ids.length === 0) continue;
      const shipmentId = demoId('SH', seed, c.id);
      const to = sequencers[hashInt(seed, `${c.id}:to`) % sequencers.length]!;
      const shipStatus = c.received_at ? 'received' : c.shipped_at ? 'dispatched' : 'created';
      const tracking = c.shipped_at ? `TRK${String(hashInt(seed, `${c.id}:trk`) % 1e10).padStart(10, '0')}` : null;
      shipments.push([shipmentId, c.hospital_org_id, to, shipStatus, tracking, packedAt, c.shipped_at, c.received_at]);
      for (const id of ids) {
        items.push([shipmentId, id, c.received_at ? 'ok' : null]);
        event(id, packedAt, 'packed', c.hospital_org_id, shipmentId, null);
        if (c.shipped_at) event(id, c.shipped_at, 'dispatched', c.hospital_org_id, shipmentId, tracking && `tracking ${tracking}`);
        if (c.received_at) event(id, c.received_at, 'received', to, shipmentId, null);
      }
    }
    await insertRows(tx, 'specimens', ['id', 'barcode', 'case_id', 'participant_id', 'type', 'status', 'collected_at'], specimens);
    await insertRows(tx, 'shipments', ['id', 'from_org_id', 'to_org_id', 'status', 'tracking_no', 'created_at', 'dispatched_at', 'received_at'], shipments);
    await insertRows(tx, 'shipment_items', ['shipment_id', 'specimen_id', 'check_result'], items);
    await insertRows(tx, 'custody_events', ['specimen_id', 'at', 'event', 'org_id', 'actor_id', 'shipment_id', 'note'], custody);
    await auditSystem(tx, {
      action: 'demo.specimens', entityType: 'specimen',
      details: { specimens: specimens.length, shipments: shipments.length, custodyEvents: custody.length },
    });
  });
}
