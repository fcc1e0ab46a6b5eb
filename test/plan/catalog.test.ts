// Grants in words, and whether one grant already gives everything another does: the comparison
// behind privilege-escalation risks, "still reachable" notes and the safe order's "keeps". What a
// role means comes from the role catalog's typed fields; a name the catalog does not know (an old
// one, a new one) is read as nothing: never from the words in it.
import { describe, expect, it } from 'vitest';
import { catalogOf, describeGrants } from '../../src/plan/describe.js';
import type { Actual, Grant } from '../../src/workspace/model.js';

const ROLES = [
  'Workspace Owner', 'Source Admin', 'Source Read-only', 'Warehouse Destination Read-only', 'Warehouse Destination Admin',
  'Unify and Engage Admin', 'Unify Read-only, Engage User', 'Unify and Engage Read-only', 'Function Admin', 'Workspace Member', 'Source Admin Special', 'Tracking Plan Read-only',
  'Engage User', 'Minimal Workspace Access',
].map((name, i) => ({ id: `r${i}`, name }));
const ACTUAL: Pick<Actual, 'roles' | 'sources' | 'warehouses' | 'spaces' | 'functions'> = {
  roles: ROLES,
  sources: [
    { id: 'sWeb', slug: 'web-prod', name: 'Web', labels: ['environment=prod', 'team=web'] },
    { id: 'sIos', slug: 'ios-prod', name: 'iOS', labels: ['environment=prod'] },
    { id: 'sStg', slug: 'web-staging', name: 'Web staging', labels: ['environment=staging'] },
  ],
  warehouses: [{ id: 'wSnow', name: 'Snowflake' }],
  spaces: [{ id: 'spMain', slug: 'main', name: 'Main' }],
  functions: [{ id: 'fn1', name: 'Enrich' }],
} as Pick<Actual, 'roles' | 'sources' | 'warehouses' | 'spaces' | 'functions'>;
const catalog = catalogOf(ACTUAL);
const role = (name: string) => ROLES.find((r) => r.name === name)?.id ?? name;
const ws = (name: string, labels: string[] = []): Grant => ({ roleId: role(name), type: 'WORKSPACE', resourceId: 'w1', labels });
const on = (name: string, type: Grant['type'], resourceId: string): Grant => ({ roleId: role(name), type, resourceId, labels: [] });

describe('describe', () => {
  it.each<[Grant, string]>([
    [ws('Workspace Owner'), 'Workspace Owner on the workspace'],
    [ws('Source Admin'), 'Source Admin on all sources'],
    [ws('Source Read-only', ['environment=prod', 'team=web']), 'Source Read-only on sources labelled environment=prod, team=web'],
    [ws('Workspace Member', ['environment=prod']), 'Workspace Member on resources labelled environment=prod'],
    [ws('Warehouse Destination Read-only'), 'Warehouse Destination Read-only on all warehouses'],
    [ws('Unify Read-only, Engage User'), 'Unify Read-only, Engage User on all spaces'],
    [ws('Engage User'), 'Engage User on the workspace'],
    [ws('Minimal Workspace Access'), 'Minimal Workspace Access on the workspace'],
    [ws('Tracking Plan Read-only'), 'Tracking Plan Read-only on all tracking plans'],
    [on('Source Admin', 'SOURCE', 'sWeb'), 'Source Admin on web-prod'],
    [on('Source Admin', 'SOURCE', 'sGone'), 'Source Admin on source sGone'],
    [on('Warehouse Destination Admin', 'WAREHOUSE', 'wSnow'), 'Warehouse Destination Admin on Snowflake'],
    [on('Unify Read-only, Engage User', 'SPACE', 'spMain'), 'Unify Read-only, Engage User on main'],
    [on('Function Admin', 'FUNCTION', 'fn1'), 'Function Admin on Enrich'],
    [ws('rX'), 'role rX on the workspace'],
  ])('%j reads %s', (grant, text) => {
    expect(catalog.describe(grant)).toBe(text);
  });

  it('lists grants alphabetically, or says there are none', () => {
    expect(describeGrants(catalog, [on('Source Admin', 'SOURCE', 'sWeb'), ws('Unify and Engage Read-only')])).toBe('Source Admin on web-prod; Unify and Engage Read-only on all spaces');
    expect(describeGrants(catalog, [])).toBe('no direct access');
  });

  it('knows the owner role from the catalog, and nothing of a role it does not know', () => {
    expect(catalog.isOwner(ws('Workspace Owner'))).toBe(true);
    expect(catalog.isOwner(ws('Source Admin'))).toBe(false);
    expect(catalog.isOwner(ws('Source Admin Special'))).toBe(false);
    expect(catalog.meaning(role('Source Admin Special'))).toMatchObject({ level: 'unknown', unknown: true });
    expect(catalog.meaning(role('Minimal Workspace Access')).level).toBe('minimal');
    expect(catalog.scopeOf(role('Warehouse Destination Admin'))).toBe('warehouses');
    expect(catalog.roleName('r1')).toBe('Source Admin');
    expect(catalog.roleName('nope')).toBe('role nope');
  });
});

describe('labelMatches', () => {
  it.each<[Grant, string[] | undefined]>([
    [ws('Source Read-only', ['environment=prod']), ['ios-prod', 'web-prod']],
    [ws('Source Admin', ['environment=prod', 'team=web']), ['web-prod']],
    [ws('Source Admin', ['team=none']), []],
    [ws('Source Admin'), undefined],
    [ws('Unify and Engage Read-only', ['environment=prod']), undefined],
    [on('Source Admin', 'SOURCE', 'sWeb'), undefined],
  ])('%j matches %j', (grant, slugs) => {
    expect(catalog.labelMatches(grant)).toEqual(slugs);
  });
});

describe('covers', () => {
  it.each<[string, Grant, Grant, boolean]>([
    ['owner covers anything', ws('Workspace Owner'), on('Function Admin', 'FUNCTION', 'fn1'), true],
    ['the same grant', ws('Source Admin'), ws('Source Admin'), true],
    ['Admin covers Read-only of its family', ws('Source Admin'), ws('Source Read-only'), true],
    ['Read-only does not cover Admin', ws('Source Read-only'), ws('Source Admin'), false],
    ['User covers Read-only', ws('Unify Read-only, Engage User'), ws('Unify and Engage Read-only'), true],
    ['Read-only does not cover User', ws('Unify and Engage Read-only'), ws('Unify Read-only, Engage User'), false],
    ['Admin covers User of its family', ws('Unify and Engage Admin'), ws('Unify Read-only, Engage User'), true],
    ['a role the catalog does not know covers nothing else', ws('Engage User'), ws('Unify and Engage Read-only'), false],
    ['nothing but ownership is known to cover a role the catalog does not know', ws('Unify and Engage Admin'), ws('Engage User'), false],
    ['Minimal Workspace Access covers nothing else', ws('Minimal Workspace Access'), ws('Source Read-only'), false],
    ['another family is not covered', ws('Source Admin'), ws('Warehouse Destination Read-only'), false],
    ['a name that is not a role covers nothing', ws('Workspace Member'), ws('Source Read-only'), false],
    ['a role named like another is not read from its words', ws('Source Admin Special'), ws('Source Read-only'), false],
    ['all sources cover one source', ws('Source Admin'), on('Source Admin', 'SOURCE', 'sWeb'), true],
    ['one source does not cover all', on('Source Admin', 'SOURCE', 'sWeb'), ws('Source Admin'), false],
    ['one source covers itself', on('Source Admin', 'SOURCE', 'sWeb'), on('Source Read-only', 'SOURCE', 'sWeb'), true],
    ['one source does not cover another', on('Source Admin', 'SOURCE', 'sWeb'), on('Source Admin', 'SOURCE', 'sIos'), false],
    ['same id, other type', on('Unify Read-only, Engage User', 'SPACE', 'x1'), on('Unify Read-only, Engage User', 'FUNCTION', 'x1'), false],
    ['a label covers a source carrying it', ws('Source Admin', ['environment=prod']), on('Source Admin', 'SOURCE', 'sIos'), true],
    ['a label does not cover a source without it', ws('Source Admin', ['environment=prod']), on('Source Admin', 'SOURCE', 'sStg'), false],
    ['two labels need both on the source', ws('Source Admin', ['environment=prod', 'team=web']), on('Source Admin', 'SOURCE', 'sIos'), false],
    ['two labels cover a source with both', ws('Source Admin', ['environment=prod', 'team=web']), on('Source Admin', 'SOURCE', 'sWeb'), true],
    ['a label does not cover an unknown source', ws('Source Admin', ['environment=prod']), on('Source Admin', 'SOURCE', 'sGone'), false],
    ['a label does not cover a warehouse', ws('Source Admin', ['environment=prod']), on('Source Admin', 'WAREHOUSE', 'wSnow'), false],
    ['a label does not cover all sources', ws('Source Admin', ['environment=prod']), ws('Source Admin'), false],
    ['a label covers a narrower selector', ws('Source Admin', ['environment=prod']), ws('Source Admin', ['environment=prod', 'team=web']), true],
    ['a narrower selector does not cover a wider one', ws('Source Admin', ['environment=prod', 'team=web']), ws('Source Admin', ['environment=prod']), false],
    ['another label is not covered', ws('Source Admin', ['environment=prod']), ws('Source Admin', ['environment=staging']), false],
    ['all sources at a lower rank do not cover one source at a higher', ws('Source Read-only'), on('Source Admin', 'SOURCE', 'sWeb'), false],
  ])('%s', (_name, held, wanted, want) => {
    expect(catalog.covers(held, wanted)).toBe(want);
  });
});
