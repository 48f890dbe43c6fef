import { createHmac } from 'node:crypto';
import { duoCodes, type ConsentChoices } from '../consent/index.js';
import { caseIdFromNumber } from './ids.js';
import { CASE_STATES, type CaseState } from './lifecycle.js';
import { BIRTH_YEARS, CATEGORY_WEIGHTS, DIAGNOSES, FAMILY_MIX } from './demo-data.js';
import { DAY_MS, DEFAULT_TAT_TARGETS_DAYS } from './tat.js';

/**
 * Generates demo cases as they would have been recorded: each case walks the lifecycle with stage
 * durations drawn around the default targets (median 0.7 × target, about one stage in five late),
 * until it reaches today, its planned stop, a QC failure loop or a withdrawal. Pure apart from the
 * seeded PRNG handed in: the same seed gives the same data.
 */
export type Rng = () => number;

/** mulberry32: small, fast, and good enough for demo data (not for anything secret). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
function weighted<T>(rng: Rng, items: ReadonlyArray<readonly [number, T]>): T {
  let r = rng() * items.reduce((s, [w]) => s + w, 0);
  for (const [w, v] of items) if ((r -= w) < 0) return v;
  return items[items.length - 1]![1];
}
/** Standard normal by Box–Muller. */
const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

export interface DemoRows {
  participants: Array<{ id: string; hospital: string; hmac: string; birthYear: number; sex: string; createdAt: Date }>;
  cases: Array<{ id: string; domain: string; category: string; hospital: string; probandId: string; route: string; icd10: string;
    text: string; oncotree: string | null; state: CaseState; stateChangedAt: Date; createdAt: Date; createdBy: string | null }>;
  members: Array<{ caseId: string; participantId: string; relationship: string; affected: string }>;
  events: Array<{ caseId: string; from: CaseState | null; to: CaseState; at: Date; actorId: string | null; actorOrgId: string; note: string | null;
    details?: Record<string, string> | null }>;
  consents: Array<{ id: string; participantId: string; documentId: string; kind: 'consent' | 'withdrawal'; choices: ConsentChoices;
    duo: string[]; signedOn: string; recordedAt: Date; recordedBy: string | null; note: string | null }>;
}

export interface DemoContext {
  rng: Rng;
  now: Date;
  hospitals: readonly string[];
  /** A demo user per organisation, as the actor of the events that organisation records. */
  userOf: ReadonlyMap<string, string>;
  /** Demo patients are keyed with a demo key, so they can never match a real hospital's patient. */
  hmacKey: string;
}

/** Stop states that make the demo show every lifecycle state, cases stuck in it included. */
// recollection_requested goes last, so that adding it kept every other stall where it was.
export const STALL_STATES: readonly CaseState[] = [
  ...CASE_STATES.filter((s) => !['withdrawn', 'outcome_recorded', 'registered', 'recollection_requested'].includes(s)), 'recollection_requested',
];

const jstDate = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

function randomConsent(rng: Rng): ConsentChoices {
  const researchUse = rng() < 0.95;
  return {
    researchUse,
    industryUse: researchUse && rng() < 0.7,
    internationalSharing: researchUse && rng() < 0.6,
    recontact: rng() < 0.85,
    secondaryFindings: rng() < 0.75,
  };
}

/** The organisation that records each move (the hospital for its own and for withdrawal). */
function actorOrg(to: CaseState, c: { hospital: string; seq: string }, rng: Rng): string {
  if (['received', 'sequenced', 'recollection_requested'].includes(to)) return c.seq;
  if (['data_received', 'qc_passed', 'qc_failed', 'analysed'].includes(to)) return 'DC';
  if (['report_drafted', 'report_signed'].includes(to)) return 'RW';
  if (to === 'returned') return rng() < 0.5 ? 'RW' : 'DC';
  return c.hospital;
}

/**
 * One case, its participants, consents and events. `stopAt` is where this case stalls (undefined:
 * it runs to outcome_recorded or to today); `withdrawAfterDays` ends it by withdrawal.
 */
export function generateCase(ctx: DemoContext, rows: DemoRows, n: number, createdAt: Date, plan: { stopAt?: CaseState; withdraw: boolean }): void {
  const { rng } = ctx;
  const [category, domain] = weighted(rng, CATEGORY_WEIGHTS.map(([c, d, w]) => [w, [c, d] as const] as const));
  const [icd10, text, oncotree] = pick(rng, DIAGNOSES[category]!);
  const hospital = pick(rng, ctx.hospitals);
  const seq = rng() < 0.6 ? 'SEQ-A' : 'SEQ-B';
  const id = caseIdFromNumber(n);
  const hospitalUser = ctx.userOf.get(hospital) ?? null;
  const hmac = (k: string) => createHmac('sha256', ctx.hmacKey).update(`${hospital}:${k}`).digest('hex');
  const [y0, y1] = BIRTH_YEARS[category]!;
  const probandYear = between(rng, y0, Math.min(y1, createdAt.getUTCFullYear()));
  const proband = { id: `P-D${String(n).padStart(6, '0')}0`, hospital, hmac: hmac(`DEMO-${n}`), birthYear: probandYear,
    sex: rng() < 0.5 ? 'female' : 'male', createdAt };
  if (['HGSOC', 'UEC'].includes(oncotree ?? '')) proband.sex = 'female';
  if (oncotree === 'NSGCT') proband.sex = 'male';
  rows.participants.push(proband);
  rows.cases.push({ id, domain, category, hospital, probandId: proband.id, route: domain === 'cancer' && rng() < 0.3 ? 'A' : 'B',
    icd10, text, oncotree: oncotree ?? null, state: 'registered', stateChangedAt: createdAt, createdAt, createdBy: hospitalUser });
  rows.members.push({ caseId: id, participantId: proband.id, relationship: 'proband', affected: 'affected' });
  const consentAt = new Date(createdAt.getTime() + 60_000);
  const documentId = domain === 'rare_disease' ? 'WGS-AP-RD-1.0' : jstDate(createdAt) < '2024-04-01' ? 'WGS-AP-1.0' : 'WGS-AP-2.0';
  let k = 0;
  const addConsent = (participantId: string, at: Date, choices: ConsentChoices) =>
    rows.consents.push({ id: `CR-D${String(n).padStart(6, '0')}-${k++}`, participantId,
      documentId, kind: 'consent', choices, duo: duoCodes(choices), signedOn: jstDate(at), recordedAt: at, recordedBy: hospitalUser, note: null });
  const probandChoices = randomConsent(rng);
  addConsent(proband.id, consentAt, probandChoices);
  const family = FAMILY_MIX[category] ? weighted(rng, FAMILY_MIX[category]!) : [];
  family.forEach((relationship, i) => {
    const p = { id: `P-D${String(n).padStart(6, '0')}${i + 1}`, hospital, hmac: hmac(`DEMO-${n}-${i + 1}`),
      birthYear: relationship === 'sibling' ? probandYear + between(rng, -6, 6) : probandYear - between(rng, 24, 42),
      sex: relationship === 'mother' ? 'female' : relationship === 'father' ? 'male' : rng() < 0.5 ? 'female' : 'male', createdAt };
    p.birthYear = Math.min(p.birthYear, createdAt.getUTCFullYear());
    rows.participants.push(p);
    rows.members.push({ caseId: id, participantId: p.id, relationship, affected: relationship === 'sibling' && rng() < 0.5 ? 'affected' : 'unaffected' });
    addConsent(p.id, consentAt, randomConsent(rng));
  });
  walkLifecycle(ctx, rows, { id, hospital, seq, hospitalUser, probandId: proband.id, consentAt, documentId, addConsent, probandChoices }, plan);
}

interface Walk {
  id: string; hospital: string; seq: string; hospitalUser: string | null; probandId: string; consentAt: Date; documentId: string;
  addConsent: (participantId: string, at: Date, choices: ConsentChoices) => void; probandChoices: ConsentChoices;
}

function walkLifecycle(ctx: DemoContext, rows: DemoRows, w: Walk, plan: { stopAt?: CaseState; withdraw: boolean }): void {
  const { rng, now } = ctx;
  const c = rows.cases[rows.cases.length - 1]!;
  const push = (from: CaseState | null, to: CaseState, at: Date, note: string | null = null, details: Record<string, string> | null = null) => {
    const org = from === null ? w.hospital : actorOrg(to, w, rng);
    rows.events.push({ caseId: w.id, from, to, at, actorId: ctx.userOf.get(org) ?? null, actorOrgId: org, note, details });
    c.state = to;
    c.stateChangedAt = at;
  };
  push(null, 'registered', c.createdAt);
  push('registered', 'consented', w.consentAt);
  const withdrawAt = plan.withdraw ? new Date(w.consentAt.getTime() + (5 + rng() * 200) * DAY_MS) : null;
  let failedOnce = false;
  let t = w.consentAt.getTime();
  for (;;) {
    if (c.state === plan.stopAt || c.state === 'outcome_recorded') break;
    const to = nextDemoState(c.state, rng, failedOnce, plan.stopAt);
    if (to === 'qc_failed') failedOnce = true;
    const target = DEFAULT_TAT_TARGETS_DAYS[`${c.state}->${to}`] ?? 7;
    const days = target * Math.exp(Math.log(0.7) + 0.45 * normal(rng));
    const at = t + days * DAY_MS;
    if (at > now.getTime() || (withdrawAt && at > withdrawAt.getTime())) break;
    t = at;
    if (to === 'shipped') push(c.state, to, new Date(at), `shipped to ${w.seq}`, { kind: 'shipped_to', toOrgId: w.seq });
    else push(c.state, to, new Date(at), to === 'recollection_requested' ? RECOLLECTION_NOTE : null);
  }
  // A change of mind some weeks after enrolment (about 1 in 10): e.g. no more industry use.
  const changeAt = new Date(w.consentAt.getTime() + (10 + rng() * 120) * DAY_MS);
  if (rng() < 0.1 && changeAt < now && (!withdrawAt || changeAt < withdrawAt)) {
    w.addConsent(w.probandId, changeAt, { ...w.probandChoices, industryUse: false, recontact: rng() < 0.5 });
  }
  if (withdrawAt && withdrawAt < now) {
    const effectiveOn = jstDate(new Date(withdrawAt.getTime() - between(rng, 0, 7) * DAY_MS));
    const recordedAt = new Date(Math.max(withdrawAt.getTime(), c.stateChangedAt.getTime() + 60_000));
    rows.consents.push({ id: `CR-D${w.id.slice(2)}-W`, participantId: w.probandId, documentId: w.documentId, kind: 'withdrawal',
      choices: { researchUse: false, industryUse: false, internationalSharing: false, recontact: false, secondaryFindings: false },
      duo: [], signedOn: effectiveOn, recordedAt, recordedBy: w.hospitalUser, note: 'patient request' });
    push(c.state, 'withdrawn', recordedAt, `consent withdrawn effective ${effectiveOn}: patient request`,
      { kind: 'consent_withdrawn', effectiveOn, note: 'patient request' });
  }
}

const HAPPY_NEXT: Partial<Record<CaseState, CaseState>> = {
  consented: 'specimen_collected', specimen_collected: 'shipped', shipped: 'received', received: 'sequenced',
  sequenced: 'data_received', qc_passed: 'analysed', analysed: 'report_drafted', report_drafted: 'report_signed',
  report_signed: 'returned', returned: 'expert_panel_held', expert_panel_held: 'outcome_recorded',
};

/** What the demo's sequencing company found on the specimen it refused (specimens/demo.ts marks it). */
export const RECOLLECTION_NOTE = 'specimen damaged: tube cracked in transit';

/**
 * About 8% of first QC checks fail; three in four are re-sequenced, the rest need a new specimen.
 * Only the cases planned to stall there have a refused specimen: it draws no random number, so the
 * rest of the demo is the same as before re-collection existed.
 */
function nextDemoState(state: CaseState, rng: Rng, failedOnce: boolean, stopAt: CaseState | undefined): CaseState {
  if (state === 'shipped' && stopAt === 'recollection_requested') return 'recollection_requested';
  if (state === 'data_received') return stopAt === 'qc_failed' || (!failedOnce && rng() < 0.08) ? 'qc_failed' : 'qc_passed';
  if (state === 'qc_failed') return rng() < 0.75 ? 'sequenced' : 'specimen_collected';
  return HAPPY_NEXT[state]!;
}
