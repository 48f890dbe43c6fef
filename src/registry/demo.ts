import { audit } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import type { DemoOptions } from '../demo/steps.js';
import { generateCase, mulberry32, STALL_STATES, type DemoContext, type DemoRows } from './demo-timeline.js';
import { DAY_MS } from './tat.js';

/** About 18 months of programme history, enrolment growing over time as the programme ramps up. */
const HISTORY_DAYS = 548;
/** Cases per transaction: one multi-row INSERT per table per batch (unnest of arrays). */
const BATCH_CASES = 1000;

/**
 * Demo step: `opts.cases` cases across the demo hospitals, both domains and every category, with
 * trios, consents (some changed, some withdrawn) and backdated events, so TAT and overdue views
 * look like a running programme. Every `shipped` event's note names the sequencing company
 * (`shipped to SEQ-A`), and received/sequenced events carry that company as actor_org_id, so the
 * specimens demo step can build consistent shipments.
 */
export async function registryDemoStep(db: Db, opts: DemoOptions): Promise<void> {
  const rng = mulberry32(opts.seed);
  const now = new Date();
  const users = await db.query<{ id: string; org_id: string }>(
    "SELECT id, org_id FROM users WHERE username IN ('clinician', 'clinician.osaka', 'lab', 'analyst', 'writer') ORDER BY username");
  const hospitals = (await db.query<{ id: string }>("SELECT id FROM organisations WHERE type = 'hospital' ORDER BY id")).map((r) => r.id);
  if (hospitals.length === 0) throw new Error('registry demo: no hospitals (seed the demo accounts first)');
  const ctx: DemoContext = { rng, now, hospitals, userOf: new Map(users.map((u) => [u.org_id, u.id])), hmacKey: `kiban-demo-${opts.seed}` };

  // Enrolment dates, oldest first so case numbers follow time; sqrt skews towards recent months.
  const created = Array.from({ length: opts.cases }, () => now.getTime() - (HISTORY_DAYS * (1 - Math.sqrt(rng())) + 0.2) * DAY_MS).sort((a, b) => a - b);
  // Every state appears, some cases stuck in it: each stall state gets cases old enough to reach it.
  const plans = created.map((t) => ({ stopAt: undefined as (typeof STALL_STATES)[number] | undefined, withdraw: rng() < 0.03, t }));
  const old = plans.filter((p) => p.t < now.getTime() - 250 * DAY_MS && !p.withdraw);
  const stalls = Math.max(STALL_STATES.length, Math.round(opts.cases * 0.06));
  for (let i = 0; i < stalls && old.length; i++) old.splice(Math.floor(rng() * old.length), 1)[0]!.stopAt = STALL_STATES[i % STALL_STATES.length];

  // Reserve a block of case numbers (demo load runs before the server takes requests).
  const [{ n: first } = { n: 1 }] = await db.query<{ n: number }>("SELECT nextval('case_number_seq') AS n");
  if (opts.cases > 1) await db.query("SELECT setval('case_number_seq', $1)", [first + opts.cases - 1]);
  for (let start = 0; start < opts.cases; start += BATCH_CASES) {
    const rows: DemoRows = { participants: [], cases: [], members: [], events: [], consents: [] };
    for (let i = start; i < Math.min(opts.cases, start + BATCH_CASES); i++) {
      generateCase(ctx, rows, first + i, new Date(created[i]!), plans[i]!);
    }
    await db.transaction(async (tx) => {
      await insertRows(tx, rows);
      await audit(tx, 'system', { action: 'demo.load', entityType: 'case', details: {
        module: 'registry', cases: rows.cases.length, firstId: rows.cases[0]?.id, lastId: rows.cases.at(-1)?.id,
      } });
    });
  }
}

export async function insertRows(tx: Queryable, r: DemoRows): Promise<void> {
  const col = <T, V>(xs: readonly T[], f: (x: T) => V) => xs.map(f);
  const p = r.participants;
  await tx.query(
    `INSERT INTO participants (id, hospital_org_id, patient_id_hmac, birth_year, sex, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[])`,
    [col(p, (x) => x.id), col(p, (x) => x.hospital), col(p, (x) => x.hmac), col(p, (x) => x.birthYear), col(p, (x) => x.sex), col(p, (x) => x.createdAt)],
  );
  const c = r.cases;
  await tx.query(
    `INSERT INTO cases (id, domain, category, hospital_org_id, proband_id, return_route, diagnosis_icd10, diagnosis_text,
       oncotree_code, state, state_changed_at, created_at, created_by)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::text[])`,
    [col(c, (x) => x.id), col(c, (x) => x.domain), col(c, (x) => x.category), col(c, (x) => x.hospital), col(c, (x) => x.probandId),
      col(c, (x) => x.route), col(c, (x) => x.icd10), col(c, (x) => x.text), col(c, (x) => x.oncotree), col(c, (x) => x.state),
      col(c, (x) => x.stateChangedAt), col(c, (x) => x.createdAt), col(c, (x) => x.createdBy)],
  );
  const m = r.members;
  await tx.query(
    `INSERT INTO case_members (case_id, participant_id, relationship, affected_status)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [col(m, (x) => x.caseId), col(m, (x) => x.participantId), col(m, (x) => x.relationship), col(m, (x) => x.affected)],
  );
  // WITH ORDINALITY keeps each case's events in id order where two share a timestamp.
  const e = r.events;
  await tx.query(
    `INSERT INTO case_events (case_id, from_state, to_state, at, actor_id, actor_org_id, note, details)
     SELECT case_id, from_state, to_state, at, actor_id, actor_org_id, note, details::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[])
            WITH ORDINALITY AS t(case_id, from_state, to_state, at, actor_id, actor_org_id, note, details, ord)
      ORDER BY ord`,
    [col(e, (x) => x.caseId), col(e, (x) => x.from), col(e, (x) => x.to), col(e, (x) => x.at), col(e, (x) => x.actorId),
      col(e, (x) => x.actorOrgId), col(e, (x) => x.note), col(e, (x) => (x.details ? JSON.stringify(x.details) : null))],
  );
  const k = r.consents;
  await tx.query(
    `INSERT INTO consent_records (id, participant_id, document_id, kind, research_use, industry_use, international_sharing,
       recontact, secondary_findings, duo_codes, signed_on, effective_on, recorded_at, recorded_by, note)
     SELECT id, pid, doc, kind, ru, iu, intl, rc, sf, string_to_array(duo, ','), signed::date, signed::date, at, by, note
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $7::bool[], $8::bool[], $9::bool[],
                   $10::text[], $11::text[], $12::timestamptz[], $13::text[], $14::text[])
            AS t(id, pid, doc, kind, ru, iu, intl, rc, sf, duo, signed, at, by, note)`,
    [col(k, (x) => x.id), col(k, (x) => x.participantId), col(k, (x) => x.documentId), col(k, (x) => x.kind),
      col(k, (x) => x.choices.researchUse), col(k, (x) => x.choices.industryUse), col(k, (x) => x.choices.internationalSharing),
      col(k, (x) => x.choices.recontact), col(k, (x) => x.choices.secondaryFindings), col(k, (x) => x.duo.join(',')),
      col(k, (x) => x.signedOn), col(k, (x) => x.recordedAt), col(k, (x) => x.recordedBy), col(k, (x) => x.note)],
  );
}
