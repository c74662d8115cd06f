// Four test projects, run together by `npm test` (one Vitest run, so the projects share the
// machine's workers) or one at a time with `--project <name>`.
//
// - unit: fast, no processes, no network (a test that starts Java belongs to integration).
// - infra: every file reads the stacks of test/infra/synthesized.ts. Its files share a module
//   graph per worker (isolate: false), so aws-cdk-lib is loaded and each stack synthesized once in
//   each worker that runs infra files; they start right after the five-year files and run beside
//   the rest.
// - integration and browser: each file starts its own local stack, on its own free port with its
//   own temporary directory (test/support/local-stack.ts), so files run side by side like the
//   others. Before them, side by side (test/support/stacks-once.ts), the template they run is
//   synthesized once (test/support/synthesize-once.ts) and one DynamoDB Local is started for all
//   of them, where each stack has a database of its own (test/support/dynamodb-once.ts). Their
//   files share a module graph per worker too, except those in `<project>-isolated`
//   (OWN_GRAPH_FILES).
//
// Written as CommonJS, like the rest of this package: ESM syntax here makes Vite warn that its
// future native config loader would refuse the file.

const { defineConfig } = require('vitest/config') as typeof import('vitest/config');
const { BaseSequencer } = require('vitest/node') as typeof import('vitest/node');
const path = require('node:path') as typeof import('node:path');

/** The unit projects' aws-sdk-client-mock: one stub per client class in a shared module graph. */
const SDK_MOCK_ALIAS = [
  { find: /^aws-sdk-client-mock$/, replacement: path.join(__dirname, 'test/support/sdk-mock.ts') },
];

/**
 * The files that drive a grant through five simulated years: the longest of all, by far. They
 * start first even in a fresh clone, where Vitest has no durations yet and orders files by size
 * (these are small).
 */
const FIVE_YEAR_FILES = [
  'test/integration/payments-to-completion.test.ts',
  'test/integration/positions-five-years.test.ts',
];

/**
 * Vitest's order: the five-year files first of all, then the infra files (they run beside the
 * five-year files' waits), then the projects longest files first: integration, browser, unit.
 * Vitest itself orders the projects by name, so the longest files started after every browser
 * file; started first, they no longer end the run alone. Otherwise a project's order stands (by
 * last duration, or by size in a fresh clone).
 */
class LongestProjectsFirst extends BaseSequencer {
  override async sort(files: Parameters<InstanceType<typeof BaseSequencer>['sort']>[0]) {
    const order = [
      'integration',
      'integration-isolated',
      'browser',
      'browser-isolated',
      'unit-isolated',
      'unit',
    ];
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    const start = (file: (typeof files)[number]) =>
      FIVE_YEAR_FILES.some((name) => file.moduleId.endsWith(name))
        ? 0
        : file.project.name === 'infra'
          ? 1
          : 2;
    const sorted = await super.sort(files);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort(
        (a, b) =>
          start(a.file) - start(b.file) ||
          rank(a.file.project.name) - rank(b.file.project.name) ||
          a.index - b.index,
      )
      .map(({ file }) => file);
  }
}

/**
 * Unit files that need a module graph of their own (`unit-isolated`); every other unit file runs in
 * one graph per worker (`unit`, isolate: false), which spares each file importing the SDK, zod and
 * preact anew (about half of the unit tests' time). These either replace modules (vi.mock), or use
 * the real SDK clients, node:http or the global Date, which another file's SDK mocks or clock would
 * reach in a shared graph. The SDK mocks are one per client class, reset before each file
 * (test/support/sdk-mock.ts, test/unit/setup.ts).
 */
const ISOLATED_UNIT_FILES = [
  // Every file that replaces modules, found by its `vi.mock(` so that a new one cannot be missed.
  ...filesReplacingModules('test/unit'),
  // real SDK clients against the local emulators, the egress gate, the installed clock
  'test/unit/local/clock.test.ts',
  'test/unit/local/faults.test.ts',
  'test/unit/local/overrun.test.ts',
  'test/unit/local/ses.test.ts',
  'test/unit/local/stepfunctions.test.ts',
  'test/unit/store/table-fake.test.ts',
];

/** The test files under `dir` that call vi.mock, as paths relative to the project. */
function filesReplacingModules(dir: string): string[] {
  const fs = require('node:fs') as typeof import('node:fs');
  return (fs.readdirSync(path.join(__dirname, dir), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.posix.join(dir, file.split(path.sep).join('/')))
    .filter((file) => fs.readFileSync(path.join(__dirname, file), 'utf8').includes('vi.mock('));
}

/**
 * Integration and browser files that need a module graph of their own, as `<project>-isolated`:
 * those that replace modules, and those that set up this worker's own process for their test (its
 * environment, a stack inside it) where a later file in a shared graph would inherit it. The
 * others share one graph per worker, which spares each file a new worker process and loading its
 * modules again (with the stacks' compile cache, the whole run took about 60 s of its 430 s of CPU
 * time less).
 */
const OWN_GRAPH_FILES = [
  ...filesReplacingModules('test/integration'),
  ...filesReplacingModules('test/browser'),
  // starts the local stack in the worker, with its environment and clock
  'test/integration/local-stack-in-process.test.ts',
  // points the worker's SDK clients at a table of its own through process.env
  'test/integration/store-conditions.test.ts',
];

/** A project of files that each run a local stack, and its sibling of files in their own graph. */
function stackProjects(name: 'integration' | 'browser') {
  const own = OWN_GRAPH_FILES.filter((file) => file.startsWith(`test/${name}/`));
  const stack = {
    globalSetup: ['test/support/stacks-once.ts'],
    testTimeout: 120_000,
  };
  return [
    {
      extends: true,
      test: {
        ...stack,
        name,
        include: [`test/${name}/**/*.test.ts`],
        exclude: own,
        isolate: false,
      },
    },
    { extends: true, test: { ...stack, name: `${name}-isolated`, include: own } },
  ];
}

module.exports = defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. Integration
    // and browser files mostly wait on their own stack, Java and Chromium in other processes, so
    // three files at a time keep both cores busy.
    maxWorkers: 3,
    sequence: { sequencer: LongestProjectsFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          exclude: ISOLATED_UNIT_FILES,
          // Worker threads start faster than processes, and unit files start nothing else.
          pool: 'threads',
          isolate: false,
          setupFiles: ['test/unit/setup.ts'],
          alias: SDK_MOCK_ALIAS,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit-isolated',
          include: ISOLATED_UNIT_FILES,
          pool: 'threads',
          setupFiles: ['test/unit/setup.ts'],
          alias: SDK_MOCK_ALIAS,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          isolate: false,
        },
      },
      ...stackProjects('integration'),
      ...stackProjects('browser'),
    ],
  },
});
