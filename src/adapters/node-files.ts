// The Files port on the local disk. A set of files is written all or nothing: each one beside its
// target first, then every one renamed into place, so a failure part-way (a full disk, a folder
// that cannot be written) leaves every target as it was.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Files } from '../ports/index.js';

export function filesIn(cwd: string): Files {
  return {
    read: (file) => readFile(path.resolve(cwd, file), 'utf8'),
    async writeAll(files) {
      const staged: Array<{ temp: string; target: string }> = [];
      try {
        for (const [file, text] of files) {
          const target = path.resolve(cwd, file);
          await mkdir(path.dirname(target), { recursive: true });
          const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.segment-access-tmp`);
          await writeFile(temp, text);
          staged.push({ temp, target });
        }
      } catch (err) {
        await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
        throw err;
      }
      for (const s of staged) await rename(s.temp, s.target);
    },
    writeNow(file, text) {
      const target = path.resolve(cwd, file);
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.segment-access-tmp`);
      writeFileSync(temp, text);
      renameSync(temp, target);
    },
  };
}
