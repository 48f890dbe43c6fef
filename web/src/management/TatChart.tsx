import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat, type Format } from '../shell/format';
import { useApi } from '../shell/use-api';
import type { TatStage } from './types';

interface Row {
  label: string;
  p25: number | null;
  spread: number | null;
  median: number | null;
  target: number | null;
  stage: TatStage;
}

const ROW_HEIGHT_PX = 34;
const COLOR = { spread: '#8fb4e3', median: '#143d73', target: '#c62828' };

interface DotProps {
  cx?: number;
  cy?: number;
  value?: number | null;
  index?: number;
}

/** Median as a diamond at the middle of the p25–p75 bar. */
function MedianDot({ cx, cy, value, index }: DotProps) {
  if (value === null || value === undefined || cx === undefined || cy === undefined) return <g key={`m${index}`} />;
  return <path key={`m${index}`} d={`M${cx},${cy - 7}L${cx + 6},${cy}L${cx},${cy + 7}L${cx - 6},${cy}Z`} fill={COLOR.median} />;
}

/** Target as a red vertical tick across the stage's bar. */
function TargetDot({ cx, cy, value, index }: DotProps) {
  if (value === null || value === undefined || cx === undefined || cy === undefined) return <g key={`t${index}`} />;
  return <line key={`t${index}`} x1={cx} x2={cx} y1={cy - 12} y2={cy + 12} stroke={COLOR.target} strokeWidth={3} />;
}

/** Turnaround per milestone (DESIGN §3): median with the p25–p75 spread as a bar, and the target. */
export function TatChart() {
  const { t } = useTranslation('management');
  const f = useFormat();
  const tat = useApi<{ stages: TatStage[] }>('/management/tat');
  const stageLabel = (s: TatStage) => t('tat.stage', { from: t(`registry:state.${s.from}`), to: t(`registry:state.${s.to}`) });
  const rows: Row[] = (tat.data?.stages ?? []).map((s) => ({
    label: stageLabel(s),
    p25: s.p25Days,
    spread: s.p25Days !== null && s.p75Days !== null ? s.p75Days - s.p25Days : null,
    median: s.medianDays,
    target: s.targetDays,
    stage: s,
  }));
  return (
    <section className="card">
      <h2>{t('tat.title')}</h2>
      <p className="muted">{t('tat.help')}</p>
      <ErrorMessage error={tat.error} />
      {rows.length > 0 && <TatLegend />}
      {rows.length > 0 && (
        <div className="chart" style={{ height: rows.length * ROW_HEIGHT_PX + 90 }} data-testid="tat-chart">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={rows} layout="vertical" margin={{ top: 10, right: 30, bottom: 20, left: 10 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tickFormatter={(v: number) => f.number(v)} label={{ value: t('tat.days'), position: 'insideBottom', offset: -10 }} />
              <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 12 }} />
              <Tooltip content={(p) => <TatTooltip active={p.active} payload={p.payload as unknown as { payload: Row }[]} f={f} />} />
              <Bar dataKey="p25" stackId="iqr" fill="transparent" legendType="none" isAnimationActive={false} />
              <Bar dataKey="spread" stackId="iqr" name={t('tat.spread')} fill={COLOR.spread} barSize={16} isAnimationActive={false} />
              <Line dataKey="median" name={t('tat.median')} stroke="none" dot={MedianDot} activeDot={false} legendType="diamond" isAnimationActive={false} />
              <Line dataKey="target" name={t('tat.target')} stroke="none" dot={TargetDot} activeDot={false} legendType="line" isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      {tat.data && rows.length === 0 && <p className="empty">{t('tat.empty')}</p>}
      {rows.length > 0 && <TatTable rows={rows} f={f} />}
    </section>
  );
}

/** The chart's key, drawn with the same marks as the chart (recharts' legend cannot show stroke-less series). */
function TatLegend() {
  const { t } = useTranslation('management');
  return (
    <ul className="chart-legend">
      <li>
        <svg width="22" height="12" aria-hidden="true">
          <rect x="1" y="2" width="20" height="8" fill={COLOR.spread} />
        </svg>
        {t('tat.spread')}
      </li>
      <li>
        <svg width="14" height="14" aria-hidden="true">
          <path d="M7,0L13,7L7,14L1,7Z" fill={COLOR.median} />
        </svg>
        {t('tat.median')}
      </li>
      <li>
        <svg width="8" height="16" aria-hidden="true">
          <line x1="4" x2="4" y1="0" y2="16" stroke={COLOR.target} strokeWidth="3" />
        </svg>
        {t('tat.target')}
      </li>
    </ul>
  );
}

function TatTooltip({ active, payload, f }: { active?: boolean; payload?: { payload: Row }[]; f: Format }) {
  const { t } = useTranslation('management');
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  const s = row.stage;
  return (
    <div className="chart-tooltip">
      <strong>{row.label}</strong>
      <div>{t('tat.tooltip.n', { n: f.number(s.n) })}</div>
      <div>{t('tat.tooltip.median', { days: f.number(s.medianDays, 1) })}</div>
      <div>{t('tat.tooltip.iqr', { p25: f.number(s.p25Days, 1), p75: f.number(s.p75Days, 1) })}</div>
      <div>{t('tat.tooltip.target', { days: f.number(s.targetDays) })}</div>
    </div>
  );
}

/** The same numbers as a table: readable without the chart, and what a screen reader gets. */
function TatTable({ rows, f }: { rows: Row[]; f: Format }) {
  const { t } = useTranslation('management');
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th>{t('tat.column.stage')}</th>
          <th className="num">{t('tat.column.n')}</th>
          <th className="num">{t('tat.column.median')}</th>
          <th className="num">{t('tat.column.iqr')}</th>
          <th className="num">{t('tat.column.p90')}</th>
          <th className="num">{t('tat.column.target')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ label, stage: s }) => (
          <tr key={label} className={s.medianDays !== null && s.targetDays !== null && s.medianDays > s.targetDays ? 'overdue' : ''}>
            <td>{label}</td>
            <td className="num">{f.number(s.n)}</td>
            <td className="num">{f.number(s.medianDays, 1)}</td>
            <td className="num">{t('tat.range', { from: f.number(s.p25Days, 1), to: f.number(s.p75Days, 1) })}</td>
            <td className="num">{f.number(s.p90Days, 1)}</td>
            <td className="num">{f.number(s.targetDays)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
