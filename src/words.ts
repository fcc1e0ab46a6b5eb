// Small helpers for the words the tool prints, shared by every layer.

/** "1 member", "2 members", "3 people" (with `many`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One line of text, whatever a name holds: a line break is shown as `\n` (so a name from the
 * workspace or a manifest can never start a line of its own, such as a forged `+ Workspace Owner`
 * diff line), other control characters and bidirectional controls as `?`.
 */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
}
