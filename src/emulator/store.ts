// Holds the emulator's state and makes every acknowledged mutation durable: after a change the state
// file is rewritten atomically (temporary file + rename), writes are serialized and coalesced, and a
// request is answered only once a write containing its change has completed.
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { checkState, type EmulatorState } from './state.js';

export class Store {
  private version = 0;
  private written = 0;
  private writing: Promise<void> | undefined;
  private tmpCounter = 0;

  constructor(public state: EmulatorState, readonly file?: string) {}

  /** Loads `file` if it exists, else starts from `seed` (and writes it, so a restart continues). */
  static async open(options: { file?: string; seed: () => Promise<EmulatorState> | EmulatorState }): Promise<Store> {
    if (options.file) {
      try {
        const text = await readFile(options.file, 'utf8');
        return new Store(checkState(JSON.parse(text), options.file), options.file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    const store = new Store(await options.seed(), options.file);
    if (options.file) {
      store.version++;
      await store.flush();
    }
    return store;
  }

  /** Records that the in-memory state changed; `flush()` then persists it. */
  touch(): number {
    return ++this.version;
  }

  /** Resolves once the state as of now (or a later one) is on disk. */
  async flush(): Promise<void> {
    if (!this.file) return;
    const target = this.version;
    while (this.written < target) {
      if (!this.writing) {
        const version = this.version;
        this.writing = this.write().then(() => { this.written = version; }).finally(() => { this.writing = undefined; });
      }
      await this.writing;
    }
  }

  private async write(): Promise<void> {
    const file = this.file!;
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${this.tmpCounter++}.tmp`;
    await writeFile(tmp, JSON.stringify(this.state));
    await rename(tmp, file);
  }
}
