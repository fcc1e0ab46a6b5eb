// Ids of the demo seed's workspace, roles, people, groups and sources, looked up in the seed itself
// so that tests name them once (by what they are) and never copy an id.
import { demoSeed } from '../../src/emulator/demo-seed.js';

const seed = demoSeed();
const find = <T>(items: T[], match: (t: T) => boolean, what: string): T => {
  const found = items.find(match);
  if (!found) throw new Error(`the demo seed has no ${what}`);
  return found;
};
const role = (name: string) => find(seed.roles, (r) => r.name === name, `role ${name}`).id;
const user = (email: string) => find(seed.users, (u) => u.email === email, `user ${email}`).id;
const group = (name: string) => find(seed.groups, (g) => g.name === name, `group ${name}`).id;

export const DEMO = {
  workspace: seed.workspace.id,
  ownerRole: role('Workspace Owner'),
  sourceAdminRole: role('Source Admin'),
  webProd: find(seed.sources, (s) => s.slug === 'web-prod', 'source web-prod').id,
  engineers: group('engineers'),
  legacyAdmins: group('legacy-admins'),
  carol: user('carol@acme.com'),
  mallory: user('mallory@acme.com'),
} as const;
