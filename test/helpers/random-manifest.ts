// Random valid-looking manifests, written the many ways people write YAML (for fmt's property test
// and prune's): keys in any order, block and flow styles, comment lines indented more or less than
// their key (some holding a commented-out key), trailing comments, blank lines, anchors, aliases,
// tags and quoted scalars. A few come out as YAML that does not parse; callers skip those.
function generator(seed: number) {
  let s = seed;
  const r = () => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31; };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const shuffle = <T>(xs: T[]): T[] => xs.map((x) => ({ x, k: r() })).sort((a, b) => a.k - b.k).map(({ x }) => x);
  return { r, pick, shuffle };
}

const ROLES = ['Source Admin', 'Source Read-only', 'Workspace Owner', 'Warehouse Destination Read-only'];

/** One random manifest file, and the comment lines it holds (their text after `#`). */
export function randomManifest(seed: number): string {
  const { r, pick, shuffle } = generator(seed);
  let anchors = 0;
  const defined: string[] = [];
  const comment = (indent: number) => {
    const col = Math.max(0, indent + pick([-4, -2, 0, 0, 2]));
    return `${' '.repeat(col)}# ${pick(['why', 'email: mallory@acme.com', '  role: Workspace Owner', 'see SOW-12', '- email: x@acme.com', 'TODO'])} ${Math.floor(r() * 1000)}\n`;
  };
  const maybeComments = (indent: number) => (r() < 0.25 ? Array.from({ length: 1 + Math.floor(r() * 2) }, () => comment(indent)).join('') : '');
  const trailing = () => (r() < 0.2 ? `  # note ${Math.floor(r() * 100)}` : '');
  const scalar = (text: string) => pick([text, `'${text}'`, `"${text}"`, ...(r() < 0.1 ? [`!!str ${text}`] : [])]);
  const anchored = (value: string) => {
    if (r() < 0.12) { const name = `a${anchors++}`; defined.push(name); return `&${name} ${value}`; }
    if (defined.length && r() < 0.1) return `*${pick(defined)}`;
    return value;
  };

  const flowEntry = () => {
    const pairs = shuffle([`role: ${anchored(scalar(pick(ROLES)))}`, ...(r() < 0.5 ? [`sources: ${pick(['all', '[web-prod, ios-prod]', '[ web-prod ]'])}`] : []), ...(r() < 0.2 ? ['expires: 2027-01-31'] : [])]);
    return pick([`{ ${pairs.join(', ')} }`, `{${pairs.join(',')}}`]);
  };
  const blockEntry = (indent: number) => {
    const pad = ' '.repeat(indent);
    const pairs = shuffle([`role: ${scalar(pick(ROLES))}${trailing()}`, ...(r() < 0.5 ? ['sources: all'] : []), ...(r() < 0.3 ? ['expires: 2027-01-31'] : [])]);
    return pairs.map((p, i) => `${i === 0 ? '' : maybeComments(indent) + pad}${p}\n`).join('');
  };
  const access = (indent: number) => {
    const pad = ' '.repeat(indent);
    const n = 1 + Math.floor(r() * 2);
    if (r() < 0.3) return ` ${anchored(`[${Array.from({ length: n }, flowEntry).join(', ')}]`)}\n`;
    const head = r() < 0.15 ? ` ${anchored('')}`.trimEnd() : '';
    const items = Array.from({ length: n }, () => `${maybeComments(indent)}${pad}- ${r() < 0.5 ? `${flowEntry()}${trailing()}\n` : blockEntry(indent + 2)}`);
    return `${head}\n${items.join('')}`;
  };
  const member = (i: number, indent: number) => {
    const pad = ' '.repeat(indent + 2);
    const keys: Array<[string, string]> = [
      ['email', ` ${scalar(`user${i}@acme.com`)}${trailing()}\n`],
      ...(r() < 0.5 ? [['name', ` ${scalar(`User ${i}`)}\n`] as [string, string]] : []),
      ...(r() < 0.4 ? [['role', ` ${scalar(pick(ROLES))}\n`] as [string, string]] : r() < 0.5 ? [['access', access(indent + 4)] as [string, string]] : []),
      ...(r() < 0.3 ? [['groups', ` [${pick(['eng', 'ops'])}]\n`] as [string, string]] : []),
      ...(r() < 0.3 ? [['justification', ` ${scalar('on call: web')}\n`] as [string, string]] : []),
      ...(r() < 0.2 ? [['expires', ' 2027-01-31\n'] as [string, string]] : []),
    ];
    if (r() < 0.15) {
      const flow = shuffle(keys.filter(([k]) => k !== 'access' && k !== 'groups')).map(([k, v]) => `${k}: ${v.trim().replace(/ {2}#.*$/, '')}`);
      return `${maybeComments(indent)}${' '.repeat(indent)}- { ${flow.join(', ')} }\n`;
    }
    const ordered = shuffle(keys);
    return `${maybeComments(indent)}${' '.repeat(indent)}- ${ordered.map(([k, v], j) => `${j === 0 ? '' : maybeComments(indent + 2) + pad}${k}:${v}`).join('')}${r() < 0.15 ? '\n' : ''}`;
  };
  const group = (i: number) => {
    const keys = shuffle<[string, string]>([['name', ` ${['eng', 'ops', 'data'][i]}\n`], ...(r() < 0.5 ? [['description', ' the team\n'] as [string, string]] : []), ['access', access(6)]]);
    return `${maybeComments(2)}  - ${keys.map(([k, v], j) => `${j === 0 ? '' : maybeComments(4) + '    '}${k}:${v}`).join('')}`;
  };
  const sections: Array<[string, string]> = [['version', ' 1\n']];
  sections.push(['members', `\n${Array.from({ length: 1 + Math.floor(r() * 4) }, (_, i) => member(i, 2)).join('')}`]);
  if (r() < 0.5) sections.push(['groups', `\n${Array.from({ length: 1 + Math.floor(r() * 2) }, (_, i) => group(i)).join('')}`]);
  const body = shuffle(sections).map(([k, v]) => `${maybeComments(0)}${k}:${v}${r() < 0.3 ? '\n' : ''}`).join('');
  return `${r() < 0.5 ? '# header\n' : ''}${body}`;
}

