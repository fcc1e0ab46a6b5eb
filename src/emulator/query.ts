// Query strings as the official SDKs and docs send them. The TS SDK uses qs brackets
// (`pagination[count]=10`, `userIds[0]=a`), the Go SDK dots (`emails.0=a`), the docs
// `pagination.count`; clients also send `k[]=` and repeated keys. All decode to one shape.

export interface ParsedQuery {
  /** Scalar parameters (`startTime`, `resourceType`, ...). */
  scalars: Map<string, string>;
  /** Nested objects: `pagination` -> { count, cursor }. */
  objects: Map<string, Map<string, string>>;
  /** Arrays, in index order: `emails` -> [...]. */
  arrays: Map<string, string[]>;
}

export function parseQuery(search: URLSearchParams): ParsedQuery {
  const scalars = new Map<string, string>();
  const objects = new Map<string, Map<string, string>>();
  const indexed = new Map<string, Array<[number, string]>>();
  const plainCounts = new Map<string, number>();
  for (const key of search.keys()) plainCounts.set(key, (plainCounts.get(key) ?? 0) + 1);

  let order = 0;
  for (const [rawKey, value] of search) {
    const m = /^([^[.]+)(?:\[([^\]]*)\]|\.([^.]*))$/.exec(rawKey);
    if (!m) {
      if ((plainCounts.get(rawKey) ?? 0) > 1) push(indexed, rawKey, [1e9 + order++, value]);
      else scalars.set(rawKey, value);
      continue;
    }
    const name = m[1]!;
    const inner = m[2] ?? m[3] ?? '';
    if (inner === '') push(indexed, name, [1e9 + order++, value]); // k[]=v
    else if (/^\d+$/.test(inner)) push(indexed, name, [Number(inner), value]); // k[0]=v, k.0=v
    else {
      const object = objects.get(name) ?? new Map<string, string>();
      object.set(inner, value);
      objects.set(name, object);
    }
  }
  const arrays = new Map<string, string[]>();
  for (const [name, items] of indexed) arrays.set(name, items.sort((a, b) => a[0] - b[0]).map(([, v]) => v));
  // A single plain `emails=a` is also an array of one.
  for (const [name, value] of scalars) if (!arrays.has(name)) arrays.set(name, [value]);
  return { scalars, objects, arrays };
}

function push(map: Map<string, Array<[number, string]>>, key: string, item: [number, string]): void {
  const list = map.get(key) ?? [];
  list.push(item);
  map.set(key, list);
}
