import type { Config } from '../config.js';
import type { RequestContext } from '../auth/roles.js';
import { audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import * as listStore from './list-store.js';
import { overdueCutoffs } from './service.js';
import { DAY_MS, stateTargetsDays, summariseStages, type StageStats } from './tat.js';

/**
 * The central management office's views (検体・情報集中管理部門): progress by state, turnaround per
 * stage, and the cases past their target. Counts and TAT statistics are aggregates; the delayed
 * list names cases and is audited like any other read of individual-level data.
 */
export async function summary(db: Db): Promise<{ total: number; byState: Array<{ state: string; domain: string; count: number }> }> {
  const byState = await listStore.countByStateAndDomain(db);
  return { total: byState.reduce((n, r) => n + r.count, 0), byState };
}

export async function tat(db: Db, config: Config): Promise<{ stages: StageStats[] }> {
  const samples = await listStore.stageSamples(db);
  return { stages: summariseStages(samples, config.tatTargetsDays) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function delayed(db: Db, config: Config, ctx: RequestContext, limit: number, offset: number) {
  const now = new Date();
  const targets = stateTargetsDays(config.tatTargetsDays);
  return db.transaction(async (tx) => {
    const { rows, total } = await listStore.listDelayed(tx, overdueCutoffs(config, now), targets, now, limit, offset);
    await audit(tx, ctx, { action: 'management.delayed', entityType: 'case', details: { ids: rows.map((r) => r.id), total, limit, offset } });
    const items = rows.map((r) => {
      const daysInState = (now.getTime() - r.state_changed_at.getTime()) / DAY_MS;
      const targetDays = targets.get(r.state) ?? 0;
      return {
        caseId: r.id, hospitalId: r.hospital_org_id, domain: r.domain, state: r.state, since: r.state_changed_at.toISOString(),
        daysInState: round1(daysInState), targetDays, overdueDays: round1(daysInState - targetDays),
      };
    });
    return { items, total };
  });
}
