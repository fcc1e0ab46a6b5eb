// Small helpers for the words the tool prints, shared by every layer.

/** "1 member", "2 members", "3 people" (with `many`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
