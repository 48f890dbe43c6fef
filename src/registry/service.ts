import type { Config } from '../config.js';
import type { Actor, RequestContext } from '../auth/roles.js';
import { audit } from '../audit/index.js';
import { latestForParticipants, recordConsent, toConsentRecord } from '../consent/index.js';
import type { Db, Queryable } from '../db/index.js';
import { conflict, forbidden, invalidInput } from '../errors.js';
import { assertCaseAccess, withdrawnError } from './access.js';
import { caseIdFromNumber, patientIdHmac, randomId } from './ids.js';
import { nextStatesFor, WITHDRAWN } from './lifecycle.js';
import * as listStore from './list-store.js';
import { CATEGORIES_BY_DOMAIN, type CaseDetailDto, type CaseListInput, type CaseSummaryDto, type CreateCaseInput, type FamilyMemberInput } from './schemas.js';
import * as store from './store.js';
import { DAY_MS, overdueStatus, stateTargetsDays } from './tat.js';
import { recordRegistration, transitionCase } from './transitions.js';

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A case whose proband withdrew is a tombstone: its hospital sees that it existed and was withdrawn
 * (id, kind, dates, state), not its clinical data (docs/consent-withdrawal.md).
 */
export function toSummary(r: store.CaseRow, config: Config, now: Date): CaseSummaryDto {
  if (r.withdrawn) r = { ...r, diagnosis_icd10: '', diagnosis_text: '', oncotree_code: null };
  return {
    id: r.id, domain: r.domain, category: r.category, hospitalId: r.hospital_org_id, hospitalName: r.hospital_name,
    hospitalNameJa: r.hospital_name_ja, state: r.state, stateChangedAt: r.state_changed_at.toISOString(),
    createdAt: r.created_at.toISOString(), diagnosisIcd10: r.diagnosis_icd10, diagnosisText: r.diagnosis_text,
    oncotreeCode: r.oncotree_code, returnRoute: r.return_route,
    overdue: overdueStatus(r.state, r.state_changed_at, now, config.tatTargetsDays).overdue,
  };
}

async function buildDetail(q: Queryable, config: Config, actor: Actor, row: store.CaseRow): Promise<CaseDetailDto> {
  const now = new Date();
  const [members, events] = [await store.listMembers(q, row.id), await store.listEvents(q, row.id)];
  const consents = await latestForParticipants(q, members.map((m) => m.participant_id));
  const tat = overdueStatus(row.state, row.state_changed_at, now, config.tatTargetsDays);
  return {
    ...toSummary(row, config, now),
    members: members.map((m) => {
      const c = consents.get(m.participant_id);
      const gone = row.withdrawn || m.withdrawn_at !== null;
      return {
        participantId: m.participant_id, relationship: m.relationship, affectedStatus: gone ? 'unknown' : m.affected_status,
        birthYear: gone ? null : m.birth_year, sex: gone ? 'unknown' : m.sex, consent: c ? toConsentRecord(c) : null,
      };
    }),
    withdrawnMembers: members.filter((m) => m.withdrawn_at !== null && m.relationship !== 'proband')
      .map((m) => ({ participantId: m.participant_id, relationship: m.relationship, withdrawnAt: m.withdrawn_at!.toISOString() })),
    events: events.map((e) => ({
      fromState: e.from_state, toState: e.to_state, at: e.at.toISOString(), actorId: e.actor_id, actorOrgId: e.actor_org_id, note: e.note,
      details: (e.details as Record<string, string | number> | null) ?? null,
    })),
    allowedTransitions: nextStatesFor(row.state, actor.principal),
    stageTargetDays: tat.targetDays,
    daysInState: round1(tat.daysInState),
  };
}

function bad(field: string, rule: string, message: string): never {
  throw invalidInput('INVALID_INPUT', `${field}: ${message}`, { field, rule });
}

/** The rules Ajv cannot express: they span fields or depend on the clock. */
function checkCaseBody(body: CreateCaseInput, now: Date): void {
  if (!(CATEGORIES_BY_DOMAIN[body.domain] as readonly string[]).includes(body.category)) {
    bad('body.category', 'enum', `${body.category} is not a ${body.domain} category (${CATEGORIES_BY_DOMAIN[body.domain].join(', ')})`);
  }
  if (body.domain === 'cancer' && !body.diagnosis.oncotreeCode) bad('body.diagnosis.oncotreeCode', 'required', 'required for cancer cases');
  if (body.domain === 'rare_disease' && body.diagnosis.oncotreeCode) bad('body.diagnosis.oncotreeCode', 'not', 'only cancer cases have an OncoTree code');
  const family = body.family ?? [];
  // Cancer cases are tumour/normal pairs; only hereditary cancer enrols relatives (cascade testing).
  if (family.length && body.domain === 'cancer' && body.category !== 'hereditary') {
    bad('body.family', 'maxItems', 'only rare-disease and hereditary-cancer cases enrol family members');
  }
  const year = now.getUTCFullYear();
  const people = [{ field: 'body.proband', p: body.proband }, ...family.map((p, i) => ({ field: `body.family.${i}`, p }))];
  const seen = new Set<string>();
  for (const { field, p } of people) {
    if (p.birthYear > year) bad(`${field}.birthYear`, 'maximum', `${p.birthYear} is in the future`);
    const id = p.hospitalPatientId.trim();
    if (seen.has(id)) bad(`${field}.hospitalPatientId`, 'uniqueItems', 'the same patient appears twice in this case');
    seen.add(id);
  }
  checkParents(family.map((m) => m.relationship), 'body.family');
}

function checkParents(relationships: readonly string[], field: string): void {
  for (const parent of ['mother', 'father']) {
    const i = relationships.indexOf(parent);
    if (i >= 0 && relationships.indexOf(parent, i + 1) >= 0) bad(`${field}.${relationships.indexOf(parent, i + 1)}.relationship`, 'uniqueItems', `a case has one ${parent}`);
  }
}

/** 23505 unique_violation: two registrations of the same patient raced; the loser is a duplicate. */
function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

async function newProband(tx: Queryable, config: Config, ctx: RequestContext, p: CreateCaseInput['proband']): Promise<string> {
  const hmac = patientIdHmac(config.secret, ctx.actor.orgId, p.hospitalPatientId);
  const existing = await store.findParticipantByHmac(tx, ctx.actor.orgId, hmac);
  if (existing) {
    throw conflict('PARTICIPANT_EXISTS', `this patient is already registered at ${ctx.actor.orgId} as participant ${existing.id}`,
      { field: 'body.proband.hospitalPatientId', orgId: ctx.actor.orgId, participantId: existing.id });
  }
  const id = randomId('P-', 10);
  await store.insertParticipant(tx, { id, hospitalOrgId: ctx.actor.orgId, hmac, birthYear: p.birthYear, sex: p.sex });
  return id;
}

/**
 * A family member is one person across cases (a mother in her two children's cases), so an existing
 * participant with the same hospital patient id is linked rather than refused.
 */
async function addFamilyMember(tx: Queryable, config: Config, ctx: RequestContext, caseId: string, m: FamilyMemberInput, field: string): Promise<string> {
  const hmac = patientIdHmac(config.secret, ctx.actor.orgId, m.hospitalPatientId);
  const existing = await store.findParticipantByHmac(tx, ctx.actor.orgId, hmac);
  // A person who withdrew consent is not enrolled again, in this case or another (nothing new is collected).
  if (existing?.withdrawn_at) throw withdrawnError('case', caseId, existing.id);
  const id = existing?.id ?? randomId('P-', 10);
  if (!existing) await store.insertParticipant(tx, { id, hospitalOrgId: ctx.actor.orgId, hmac, birthYear: m.birthYear, sex: m.sex });
  const members = await store.listMembers(tx, caseId);
  if (members.some((x) => x.participant_id === id)) {
    throw conflict('MEMBER_EXISTS', `case ${caseId}: this person is already a member (${id})`, { field: `${field}.hospitalPatientId`, caseId, participantId: id });
  }
  if ((m.relationship === 'mother' || m.relationship === 'father') && members.some((x) => x.relationship === m.relationship)) {
    throw conflict('MEMBER_EXISTS', `case ${caseId} already has a ${m.relationship}`, { field: `${field}.relationship`, caseId });
  }
  await store.insertMember(tx, { caseId, participantId: id, relationship: m.relationship, affectedStatus: m.affectedStatus });
  if (m.consent) await recordConsent(tx, ctx, id, m.consent, `${field}.consent`);
  return id;
}

/**
 * Registers a case with its proband, consent and family in ONE transaction: the case is
 * `registered` then `consented` (two events). Any failure — a bad family consent, a duplicate
 * patient — rolls everything back (only the case-number sequence keeps its gap, as sequences do).
 */
export async function createCase(db: Db, config: Config, ctx: RequestContext, body: CreateCaseInput): Promise<CaseDetailDto> {
  const now = new Date();
  checkCaseBody(body, now);
  if (ctx.actor.orgType !== 'hospital') throw forbidden('only a hospital enrols cases');
  try {
    return await db.transaction(async (tx) => {
      const probandId = await newProband(tx, config, ctx, body.proband);
      const caseId = caseIdFromNumber(await store.nextCaseNumber(tx));
      await store.insertCase(tx, {
        id: caseId, domain: body.domain, category: body.category, hospitalOrgId: ctx.actor.orgId, probandId,
        returnRoute: body.returnRoute, icd10: body.diagnosis.icd10, diagnosisText: body.diagnosis.text,
        oncotreeCode: body.diagnosis.oncotreeCode ?? null, state: 'registered', at: now, createdBy: ctx.actor.id,
      });
      await store.insertMember(tx, { caseId, participantId: probandId, relationship: 'proband', affectedStatus: 'affected' });
      await recordRegistration(tx, ctx, caseId, now);
      const consent = await recordConsent(tx, ctx, probandId, body.consent, 'body.consent');
      const family: string[] = [];
      for (const [i, m] of (body.family ?? []).entries()) family.push(await addFamilyMember(tx, config, ctx, caseId, m, `body.family.${i}`));
      await audit(tx, ctx, {
        action: 'case.create', entityType: 'case', entityId: caseId,
        details: { domain: body.domain, category: body.category, probandId, familyIds: family, consentId: consent.id },
      });
      await transitionCase(tx, ctx, caseId, 'consented', { at: now });
      return buildDetail(tx, config, ctx.actor, (await store.getCase(tx, caseId))!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('PARTICIPANT_EXISTS', `this patient is already registered at ${ctx.actor.orgId}`, { field: 'body.proband.hospitalPatientId', orgId: ctx.actor.orgId });
    }
    throw err;
  }
}

export async function addMember(db: Db, config: Config, ctx: RequestContext, caseId: string, m: FamilyMemberInput): Promise<CaseDetailDto> {
  if (m.birthYear > new Date().getUTCFullYear()) bad('body.birthYear', 'maximum', `${m.birthYear} is in the future`);
  return db.transaction(async (tx) => {
    const row = await assertCaseAccess(tx, ctx.actor, caseId, { forUpdate: true });
    if (row.state === WITHDRAWN) throw conflict('CASE_WITHDRAWN', `case ${caseId} is withdrawn; no member can be added`, { caseId });
    if (row.domain === 'cancer' && row.category !== 'hereditary') {
      bad('body', 'not', 'only rare-disease and hereditary-cancer cases enrol family members');
    }
    const participantId = await addFamilyMember(tx, config, ctx, caseId, m, 'body');
    await audit(tx, ctx, { action: 'case.member.add', entityType: 'case', entityId: caseId, details: { participantId, relationship: m.relationship } });
    return buildDetail(tx, config, ctx.actor, row);
  });
}

/** GET /cases/:id: a read of individual-level data, audited in the same transaction. */
export async function getCase(db: Db, config: Config, ctx: RequestContext, caseId: string): Promise<CaseDetailDto> {
  return db.transaction(async (tx) => {
    const row = await assertCaseAccess(tx, ctx.actor, caseId, { tombstone: true });
    await audit(tx, ctx, { action: 'case.read', entityType: 'case', entityId: caseId });
    return buildDetail(tx, config, ctx.actor, row);
  });
}

export async function requestTransition(db: Db, config: Config, ctx: RequestContext, caseId: string, body: { to: string; note?: string }): Promise<CaseDetailDto> {
  return db.transaction(async (tx) => {
    await transitionCase(tx, ctx, caseId, body.to, body.note ? { note: body.note } : {});
    return buildDetail(tx, config, ctx.actor, (await store.getCase(tx, caseId))!);
  });
}

/** `q`: a bare number is a case number (12 → K-000012); anything else an id prefix. */
export function idFilter(q: string | undefined): Pick<listStore.CaseListFilter, 'idExact' | 'idPrefix'> {
  if (!q) return {};
  const t = q.trim().toUpperCase();
  if (/^[0-9]+$/.test(t)) return { idExact: caseIdFromNumber(Number(t)) };
  return { idPrefix: t.replace(/[\\%_]/g, (c) => `\\${c}`) };
}

export function overdueCutoffs(config: Config, now: Date): Map<import('./lifecycle.js').CaseState, Date> {
  const out = new Map<import('./lifecycle.js').CaseState, Date>();
  for (const [state, days] of stateTargetsDays(config.tatTargetsDays)) out.set(state, new Date(now.getTime() - days * DAY_MS));
  return out;
}

/** The case list: scoped, filtered, sorted and paged in SQL; the ids returned are audited. */
export async function listCases(db: Db, config: Config, ctx: RequestContext, query: CaseListInput): Promise<{ items: CaseSummaryDto[]; total: number }> {
  const now = new Date();
  const filter: listStore.CaseListFilter = {
    ...(query.state ? { state: query.state } : {}),
    ...(query.domain ? { domain: query.domain } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.hospitalId ? { hospitalId: query.hospitalId } : {}),
    ...idFilter(query.q),
    ...(query.overdue === undefined ? {} : { overdue: { value: query.overdue, cutoffs: overdueCutoffs(config, now) } }),
  };
  const options: listStore.CaseListOptions = {
    sort: query.sort ?? 'createdAt', order: query.order ?? 'desc', limit: query.limit ?? 50, offset: query.offset ?? 0,
  };
  return db.transaction(async (tx) => {
    const { rows, total } = await listStore.listCases(tx, ctx.actor, filter, options);
    const { limit, offset, ...filters } = query;
    await audit(tx, ctx, { action: 'case.list', entityType: 'case', details: { ids: rows.map((r) => r.id), total, filters, limit, offset } });
    return { items: rows.map((r) => toSummary(r, config, now)), total };
  });
}
