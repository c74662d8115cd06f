// aws-sdk-client-mock's mockClient, one stub per client class in a module graph. The unit files
// share one graph per worker (vitest.config.ts, where this module stands in for the package), and
// the package's mockClient replaces the class's stub: a stub made at the top of one file (or of a
// support module such as table-fake.ts) would be dead for the files after it. Here each call for
// the same class answers the same stub, and test/unit/setup.ts resets every stub before each file,
// so each file starts as with a new one: no behaviours, no calls.

import type { AwsStub, mockClient as MockClient } from 'aws-sdk-client-mock';

// The package itself, past the alias that points its name here.
const real =
  require('aws-sdk-client-mock/dist/cjs/index.js') as typeof import('aws-sdk-client-mock');

const RESET_ALL = Symbol.for('alis.sdkMock.resetAll');
const stubs = new Map<unknown, AwsStub<any, any, any>>();

(globalThis as { [key: symbol]: unknown })[RESET_ALL] = () => {
  for (const stub of stubs.values()) stub.reset();
};

export const mockClient: typeof MockClient = ((client: any, options?: any) => {
  const key = client.prototype ?? client;
  let stub = stubs.get(key);
  // Still the one installed: nothing outside this module replaced or restored it.
  if (!stub || (key as { send: unknown }).send !== stub.send) {
    stub = real.mockClient(client, options);
    stubs.set(key, stub);
  }
  return stub;
}) as typeof MockClient;
