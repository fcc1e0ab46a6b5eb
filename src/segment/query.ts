// Query strings exactly as the official TypeScript SDK sends them (qs defaults): brackets for
// objects, indices for arrays, percent-encoding: `pagination%5Bcount%5D=10`, `userIds%5B0%5D=u1`.

export type QueryValue = string | number | undefined | string[] | Record<string, string | number | undefined>;

export function encodeQuery(query: Record<string, QueryValue>): string {
  const parts: string[] = [];
  const add = (key: string, value: string | number) => parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v, i) => add(`${key}[${i}]`, v));
    else if (typeof value === 'object') {
      for (const [inner, v] of Object.entries(value)) if (v !== undefined) add(`${key}[${inner}]`, v);
    } else add(key, value);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
