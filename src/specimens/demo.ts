import { createHash } from 'node:crypto';
import { audit } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import type { CustodyEvent, SpecimenStatus, SpecimenType } from './schemas.js';

/**
 * Demo specimens and shipments for the cases the registry's demo step generated. Whatever a case's
 * history says happened (case_events reaching specimen_collected, shipped, received) gets the
 * matching specimens, shipment and custody events, stamped with the times of those case events.
 * Each specimen_collected event is one collection (a second one follows failed QC), with its own
 * specimens (barcode suffix -R2) and shipment. Case states are not touched: the registry step already wrote them. Rows go in with multi-row
 * INSERTs inside one transaction, so 10,000 cases take seconds, not minutes.
 */

/** One collection of a case and what became of it: the first, or a new one after failed QC. */
interface Round {
  collectedAt: Date;
  shippedAt: Date | null;
  /** The registry's demo names the company in the shipped event's note ("shipped to SEQ-A")... */
  shippedNote: string | null;
  receivedAt: Date | null;
  /** ...and records it as the actor organisation of the received event. */
  receivedOrgId: string | null;
  /** Set when the company refused the round's first specimen (recollection_requested): the check's note. */
  refusedNote: string | null;
}

interface DemoCase {
  id: string;
  domain: 'cancer' | 'rare_disease';
  hospital_org_id: string;
  state: string;
  rounds: Round[];
}

interface EventRow {
  case_id: string;
  domain: DemoCase['domain'];
  hospital_org_id: string;
  state: string;
  to_state: 'specimen_collected' | 'shipped' | 'received' | 'recollection_requested';
  at: Date;
  actor_org_id: string | null;
  note: string | null;
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

/** Cases whose history reached specimen_collected and that have no specimens yet, with their rounds. */
async function loadCases(q: Queryable): Promise<{ cases: DemoCase[]; members: Map<string, Member[]> }> {
  const events = await q.query<EventRow>(
    `SELECT e.case_id, c.domain, c.hospital_org_id, c.state, e.to_state, e.at, e.actor_org_id, e.note
       FROM case_events e JOIN cases c ON c.id = e.case_id
      WHERE e.to_state IN ('specimen_collected', 'shipped', 'received', 'recollection_requested')
        AND NOT EXISTS (SELECT 1 FROM specimens s WHERE s.case_id = e.case_id)
      ORDER BY e.case_id, e.at, e.id`,
  );
  const cases: DemoCase[] = [];
  for (const e of events) {
    let c = cases.at(-1);
    if (c?.id !== e.case_id) cases.push(c = { id: e.case_id, domain: e.domain, hospital_org_id: e.hospital_org_id, state: e.state, rounds: [] });
    const round = c.rounds.at(-1);
    if (e.to_state === 'specimen_collected') {
      c.rounds.push({ collectedAt: e.at, shippedAt: null, shippedNote: null, receivedAt: null, receivedOrgId: null, refusedNote: null });
    } else if (round && e.to_state === 'shipped') {
      round.shippedAt = e.at;
      round.shippedNote = e.note;
    } else if (round && (e.to_state === 'received' || e.to_state === 'recollection_requested')) {
      // A refused round was checked in too: its first specimen was found damaged, the rest ok.
      round.receivedAt = e.at;
      round.receivedOrgId = e.actor_org_id;
      if (e.to_state === 'recollection_requested') round.refusedNote = 'tube cracked in transit';
    }
  }
  const rows = await q.query<Member>(
    `SELECT case_id, participant_id, relationship FROM case_members WHERE case_id = ANY($1::text[])
      ORDER BY case_id, relationship <> 'proband', participant_id`,
    [cases.map((c) => c.id)],
  );
  const members = new Map<string, Member[]>();
  for (const m of rows) {
    const list = members.get(m.case_id);
    if (list) list.push(m);
    else members.set(m.case_id, [m]);
  }
  return { cases: cases.filter((c) => c.rounds.length > 0), members };
}

/** Where a round's specimens went: as the registry's history says, else a stable pick. */
function destination(c: DemoCase, r: Round, sequencers: readonly string[], seed: number): string {
  const named = r.receivedOrgId ?? /shipped to (\S+)/.exec(r.shippedNote ?? '')?.[1];
  if (named && sequencers.includes(named)) return named;
  return sequencers[hashInt(seed, `${c.id}:to`) % sequencers.length]!;
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
      const planned = specimensFor(c, members.get(c.id) ?? [], seed);
      c.rounds.forEach((r, round) => {
        const tag = round === 0 ? '' : `-R${round + 1}`;
        const status: SpecimenStatus = r.receivedAt ? 'received' : r.shippedAt ? 'shipped' : 'collected';
        const ids = planned.map((p) => demoId('SP', seed, `${c.id}:${p.suffix}${tag}`));
        const refused = (i: number) => i === 0 && r.refusedNote !== null;
        planned.forEach((p, i) => {
          const barcode = `${barcodePart(c.hospital_org_id.replace(/^H-/, ''))}-${barcodePart(c.id)}-${p.suffix}${tag}`;
          specimens.push([ids[i], barcode, c.id, p.participantId, p.type, refused(i) ? 'rejected' : status, r.collectedAt]);
          event(ids[i]!, r.collectedAt, 'collected', c.hospital_org_id, null, null);
        });
        // A withdrawn case's specimens are never packed (withdrawal wins); they stay where they are.
        const packedAt = r.shippedAt
          ?? (c.state !== 'withdrawn' && waiting++ % CREATED_SHIPMENT_EVERY === 0 ? r.collectedAt : null);
        if (!packedAt || ids.length === 0) return;
        const shipmentId = demoId('SH', seed, `${c.id}${tag}`);
        const to = destination(c, r, sequencers, seed);
        const shipStatus = r.receivedAt ? 'received' : r.shippedAt ? 'dispatched' : 'created';
        const tracking = r.shippedAt ? `TRK${String(hashInt(seed, `${c.id}${tag}:trk`) % 1e10).padStart(10, '0')}` : null;
        shipments.push([shipmentId, c.hospital_org_id, to, shipStatus, tracking, packedAt, r.shippedAt, r.receivedAt]);
        ids.forEach((id, i) => {
          items.push([shipmentId, id, r.receivedAt ? (refused(i) ? 'damaged' : 'ok') : null, refused(i) ? r.refusedNote : null]);
          event(id, packedAt, 'packed', c.hospital_org_id, shipmentId, null);
          if (r.shippedAt) event(id, r.shippedAt, 'dispatched', c.hospital_org_id, shipmentId, tracking && `tracking ${tracking}`);
          if (r.receivedAt && refused(i)) event(id, r.receivedAt, 'rejected', to, shipmentId, `damaged: ${r.refusedNote}`);
          else if (r.receivedAt) event(id, r.receivedAt, 'received', to, shipmentId, null);
        });
      });
    }
    await insertRows(tx, 'specimens', ['id', 'barcode', 'case_id', 'participant_id', 'type', 'status', 'collected_at'], specimens);
    await insertRows(tx, 'shipments', ['id', 'from_org_id', 'to_org_id', 'status', 'tracking_no', 'created_at', 'dispatched_at', 'received_at'], shipments);
    await insertRows(tx, 'shipment_items', ['shipment_id', 'specimen_id', 'check_result', 'check_note'], items);
    await insertRows(tx, 'custody_events', ['specimen_id', 'at', 'event', 'org_id', 'actor_id', 'shipment_id', 'note'], custody);
    await audit(tx, 'system', {
      action: 'demo.specimens', entityType: 'specimen',
      details: { specimens: specimens.length, shipments: shipments.length, custodyEvents: custody.length },
    });
  });
}
