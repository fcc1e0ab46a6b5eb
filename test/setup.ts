// Tests never reach the internet: nock blocks every outbound connection except loopback (where the
// emulator listens). Segment calls go through undici to the emulator; GitHub calls through nock.
import nock from 'nock';
import { afterEach } from 'vitest';

nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

afterEach(() => {
  // Strict mocks: a test that set up an interceptor it never used has a wrong picture of the calls.
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length > 0) throw new Error(`unused HTTP mocks: ${pending.join(', ')}`);
});
