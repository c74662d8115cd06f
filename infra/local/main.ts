// `npm start`: the whole system on this machine, no AWS. Options: --fresh (start empty); PORT
// (default 3000); ALIS_LOCAL_DIR (default <project>/.local), where data survives restarts.

import * as path from 'node:path';

import { PROJECT_ROOT } from '../functions.js';
import { PROGRAMME_IDS } from '../../shared/domain/programmes.js';
import { DefinitionRefused, StackInUse, startStack, type RunningStack } from './stack.js';
import { synthesizedTemplate } from './synthesized.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--fresh');
  if (unknown.length) {
    console.error(
      `Unknown option ${unknown.join(' ')}. Usage: npm start [-- --fresh]   (env: PORT, ALIS_LOCAL_DIR)`,
    );
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, not "${process.env.PORT}"`);
    process.exit(2);
  }
  const dir = path.resolve(process.env.ALIS_LOCAL_DIR ?? path.join(PROJECT_ROOT, '.local'));
  const fresh = args.includes('--fresh');
  const started = performance.now();

  let stack: RunningStack;
  try {
    stack = await startStack({
      dir,
      port,
      fresh,
      template: () => synthesizedTemplate((m) => console.log(m)),
      // Set by the test support only: a DynamoDB Local that the test files share.
      sharedDynamoDbEndpoint: process.env.ALIS_LOCAL_SHARED_DYNAMODB || undefined,
    });
  } catch (error) {
    if (error instanceof DefinitionRefused || error instanceof StackInUse) {
      console.error(error.message);
    } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `Port ${port} is in use. Stop what runs there, or start with another PORT, e.g. PORT=3001 npm start`,
      );
    } else {
      console.error('The local stack could not start:', error);
    }
    process.exit(1);
  }

  const b = stack.baseUrl;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `ALIS local stack is running (started in ${seconds} s; data in ${dir}${fresh ? ', started empty' : ''})`,
      `Local time: ${new Date().toISOString()}`,
      '',
      `  Landing page         ${b}/`,
      ...PROGRAMME_IDS.map((id) => `  Form ${id.padEnd(15)} ${b}/apply/${id}`),
      `  Mail viewer          ${stack.sesViewerUrl}`,
      `  DynamoDB Local       ${stack.dynamoDbEndpoint}`,
      '',
      `  GET  ${b}/_local/mail         every e-mail sent (JSON)`,
      `  POST ${b}/_local/advance      {"to": "<ISO instant>"}: move the clock, fire what is due`,
      `  GET  ${b}/_local/executions   workflow executions (JSON)`,
      `  POST ${b}/_local/faults       {"service": "ses", "failFor": {"ms": 60000}}: fail a service`,
      `  POST ${b}/_local/bounce       {"email": "<address>"}: SES reports that address as bouncing`,
      `  GET  ${b}/_local/usage        what this run used, in the units AWS bills`,
      '',
      'Ctrl+C stops it.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting at once`);
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    stack
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));

  // Started by a test run (test/support/local-stack.ts): go when it goes, even if it was killed.
  const parent = Number(process.env.ALIS_LOCAL_STOP_WITH_PID);
  if (Number.isInteger(parent) && parent > 0) {
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        shutdown('parent gone');
      }
    }, 2000).unref();
  }
}

// A handler's stray promise must not take the whole stack down, as it would not take down AWS.
process.on('unhandledRejection', (reason) =>
  console.error('[local stack] unhandled rejection:', reason),
);

void main();
