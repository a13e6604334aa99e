// What the signed-in user may do, so pages offer only what the server would allow: the named permissions and the
// scopes per record type of GET /api/v1/access, asked once per sign-in. The server enforces the same rules.
import { api } from './api.js';
import { users } from './refs.js';

let signedIn = null;
let access = null;

/** The session's user ({id, teamIds, ...}) on sign-in, null on sign-out: forgets what the last user could do. */
export function setSignedInUser(user) {
  signedIn = user || null;
  access = null;
}

function myAccess() {
  access ??= api.get('access').catch(e => { access = null; throw e; });
  return access;
}

/** The signed-in user's named permissions (manageSettings, transfer, export); none when they cannot be read. */
export async function myPermissions() {
  try {
    return (await myAccess()).permissions || [];
  } catch {
    return [];
  }
}

/**
 * Whether the signed-in user may edit `record` of the type: by the edit scope of their roles (all records, those they
 * own, or those owned by a member of one of their teams). When their access cannot be read, true: the server decides.
 */
export async function mayEdit(typeApiName, record) {
  let scope;
  try {
    scope = (await myAccess()).types?.[typeApiName]?.edit;
  } catch {
    return true;
  }
  if (scope === 'ALL') return true;
  if (!['OWN', 'TEAM'].includes(scope) || !signedIn || !record) return false;
  if (record.owner === signedIn.id) return true;
  if (scope === 'OWN') return false;
  const myTeams = new Set(signedIn.teamIds || []);
  try {
    const owner = (await users()).find(u => u.id === record.owner);
    return Boolean(owner?.teamIds?.some(t => myTeams.has(t)));
  } catch {
    return true;
  }
}
