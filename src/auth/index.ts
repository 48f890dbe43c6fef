export * from './roles.js';
export {
  SESSION_COOKIE,
  login,
  logout,
  resolveSession,
  resolveToken,
  createOrg,
  createUser,
  createToken,
  getOrg,
  listOrgs,
} from './service.js';
