import { Route } from 'react-router-dom';
import { AuditPage } from './AuditPage';
import { OrganisationsPage } from './OrganisationsPage';
import { TokensPage } from './TokensPage';
import { UsersPage } from './UsersPage';

/** The platform operator's pages (organisations, users and roles, API tokens, audit log). */
export function AdminRoutes() {
  return [
    <Route key="admin-orgs" path="/admin/organisations" element={<OrganisationsPage />} />,
    <Route key="admin-users" path="/admin/users" element={<UsersPage />} />,
    <Route key="admin-tokens" path="/admin/tokens" element={<TokensPage />} />,
    <Route key="admin-audit" path="/admin/audit" element={<AuditPage />} />,
  ];
}
