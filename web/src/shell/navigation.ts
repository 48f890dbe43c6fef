import type { Me } from '../auth/session';

/** A page in the navigation: the i18n key of its label (shell namespace) and its path. */
export interface NavItem {
  key: string;
  path: string;
}

export type Area = 'hospital' | 'sequencing' | 'analysis' | 'management' | 'operator' | 'reporting' | 'coming_soon';

const MANAGEMENT_PRINCIPALS = ['platform_operator:central_manager'];

/** Which part of the UI a principal works in (DESIGN §2); everyone else sees what is coming. */
export function areaOf(me: Pick<Me, 'principal'>): Area {
  if (me.principal === 'hospital:clinician') return 'hospital';
  if (me.principal === 'sequencing_company:lab_technician') return 'sequencing';
  if (me.principal === 'platform_operator:operator') return 'operator';
  if (me.principal === 'data_center:analyst') return 'analysis';
  if (MANAGEMENT_PRINCIPALS.includes(me.principal)) return 'management';
  // The report writer reads cases at the report stage and their interpretation.
  if (me.principal === 'report_writer:report_writer') return 'reporting';
  return 'coming_soon';
}

const NAV: Record<Area, NavItem[]> = {
  hospital: [
    { key: 'nav.cases', path: '/cases' },
    { key: 'nav.newCase', path: '/cases/new' },
    { key: 'nav.shipments', path: '/shipments' },
  ],
  sequencing: [
    { key: 'nav.incoming', path: '/incoming' },
    { key: 'nav.sequencing', path: '/sequencing' },
  ],
  management: [
    { key: 'nav.dashboard', path: '/management' },
    { key: 'nav.cases', path: '/cases' },
  ],
  analysis: [
    { key: 'nav.analysis', path: '/analysis' },
    { key: 'nav.cases', path: '/cases' },
    { key: 'nav.dashboard', path: '/management' },
  ],
  operator: [
    { key: 'nav.organisations', path: '/admin/organisations' },
    { key: 'nav.users', path: '/admin/users' },
    { key: 'nav.tokens', path: '/admin/tokens' },
    { key: 'nav.audit', path: '/admin/audit' },
    { key: 'nav.cases', path: '/cases' },
  ],
  reporting: [{ key: 'nav.cases', path: '/cases' }],
  coming_soon: [{ key: 'nav.home', path: '/home' }],
};

export function navFor(me: Pick<Me, 'principal'>): NavItem[] {
  return NAV[areaOf(me)];
}

export function homePath(me: Pick<Me, 'principal'>): string {
  return NAV[areaOf(me)][0]!.path;
}
