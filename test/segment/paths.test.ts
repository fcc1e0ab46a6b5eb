// Request paths and query strings: built only from the endpoint table, with every id checked, and
// encoded as Segment's official SDK encodes them.
import { describe, expect, it } from 'vitest';
import { ID_PATTERN, InvalidIdError, pathFor } from '../../src/segment/endpoints.js';
import { encodeQuery } from '../../src/segment/query.js';

describe('pathFor', () => {
  it.each<[Parameters<typeof pathFor>[0], Record<string, string>, string]>([
    ['getWorkspace', {}, '/'],
    ['getUser', { userId: 'uCar2Zq7Mb5Vn1Lx9Kt4R' }, '/users/uCar2Zq7Mb5Vn1Lx9Kt4R'],
    ['removeUsersFromUserGroup', { userGroupId: '2DrXpk_-9' }, '/group/2DrXpk_-9/users'],
    ['addUsersToUserGroup', { userGroupId: 'g1', extra: 'ignored' }, '/groups/g1/users'],
  ])('%s %j', (operation, params, path) => {
    expect(pathFor(operation, params)).toBe(path);
  });

  it.each<[string, string]>([
    ['@127.0.0.1:9/steal', 'getUser: refusing to send userId "@127.0.0.1:9/steal": not a Segment id (letters, digits, _ and - only)'],
    ['../../admin', 'getUser: refusing to send userId "../../admin": not a Segment id (letters, digits, _ and - only)'],
    ['', 'getUser: refusing to send userId "": not a Segment id (letters, digits, _ and - only)'],
    ['u'.repeat(256), `getUser: refusing to send userId "${'u'.repeat(80)}": not a Segment id (letters, digits, _ and - only)`],
  ])('refuses the id %j', (id, message) => {
    const attempt = () => pathFor('getUser', { userId: id });
    expect(attempt).toThrow(InvalidIdError);
    expect(attempt).toThrow(message);
    try { attempt(); } catch (e) { expect((e as InvalidIdError).name).toBe('InvalidIdError'); }
  });

  it('refuses a missing parameter, including one inherited from Object.prototype', () => {
    expect(() => pathFor('getUser')).toThrow('getUser: missing path parameter userId');
    expect(() => pathFor('getUser', Object.create({ userId: 'u1' }) as Record<string, string>)).toThrow('getUser: missing path parameter userId');
    expect(ID_PATTERN.test('u'.repeat(255))).toBe(true);
  });
});

describe('encodeQuery', () => {
  it.each<[Parameters<typeof encodeQuery>[0], string]>([
    [{}, ''],
    [{ a: undefined }, ''],
    [{ count: 10 }, '?count=10'],
    [{ pagination: { count: 10, cursor: undefined } }, '?pagination%5Bcount%5D=10'],
    [{ pagination: { count: 1, cursor: 'a b&c' } }, '?pagination%5Bcount%5D=1&pagination%5Bcursor%5D=a%20b%26c'],
    [{ userIds: ['u1', 'u2'], x: 'y' }, '?userIds%5B0%5D=u1&userIds%5B1%5D=u2&x=y'],
    [{ emails: [] }, ''],
  ])('%j', (query, text) => {
    expect(encodeQuery(query)).toBe(text);
  });
});
