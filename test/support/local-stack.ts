// Starts the local stack (`npm start`, i.e. infra/local/main.ts) as a child process for integration
// and browser tests: its own free port and its own temporary data directory, so test files run side
// by side. Set ALIS_LOCAL_STACK_LOG=1 to see the stack's output as it runs.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(PROJECT_ROOT, 'infra', 'local', 'main.ts');
const COMPILE_CACHE = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'node-compile');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

export interface LocalStackOptions {
  /** Data directory; default: a new temporary one, removed by stop(). */
  dir?: string;
  /** Start empty (npm start -- --fresh). */
  fresh?: boolean;
  /** HTTP port; default: a free one. Kept across restart(), so links already e-mailed keep working. */
  port?: number;
  /** Options for the stack's Node process, e.g. --cpu-prof (the benchmark's profile). */
  nodeArgs?: string[];
}

export interface LocalStack {
  baseUrl: string;
  dir: string;
  port: number;
  /** Stops the stack (SIGTERM, as Ctrl+C would) and removes a temporary data directory. */
  stop(): Promise<void>;
  /** Stops the stack and starts it again on the same data and port, as a developer restarting it. */
  restart(): Promise<void>;
  /** What the stack printed so far (stdout and stderr, the last 256 KB). */
  output(): string;
  /** The stack's process id (its Node process; DynamoDB Local is a child of it). */
  pid(): number | undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
// If the test process goes away without stop(), take the stacks (and their Java) with it.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal); // the stack runs in its own process group: main and its Java
  } catch {
    // already gone
  }
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/_local/clock`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** How much of the stack's output is kept for output(): its tail, in characters. */
const OUTPUT_KEPT = 256 * 1024;

/**
 * The tail of a stream of output, kept as chunks and joined only when read: the stack logs a few
 * lines per request, and copying the whole tail for each chunk cost a benchmark's load generator
 * (this process) about a third of a core.
 */
class OutputTail {
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly kept: number) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    // Dropped a chunk at a time, once twice the tail is held: each byte is dropped once.
    while (this.chunks.length > 1 && this.bytes - this.chunks[0]!.length >= this.kept * 2) {
      this.bytes -= this.chunks.shift()!.length;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString().slice(-this.kept);
  }
}

class StartUpExit extends Error {
  constructor(readonly output: string) {
    super(`The local stack exited during start-up:\n${output}`);
    this.name = 'StartUpExit';
  }
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'alis-local-'));
  let port = options.port ?? (await freePort());
  let baseUrl = `http://127.0.0.1:${port}`;
  const log = new OutputTail(OUTPUT_KEPT);
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const launch = async (fresh: boolean) => {
    const args = [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      MAIN,
      ...(fresh ? ['--fresh'] : []),
    ];
    const proc = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        ALIS_LOCAL_DIR: dir,
        ALIS_LOCAL_STOP_WITH_PID: String(process.pid),
        FORCE_COLOR: '0',
        // Every file starts a stack, and most of a start is loading the same modules: Node keeps
        // their compiled code here between processes.
        NODE_COMPILE_CACHE: COMPILE_CACHE,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child = proc;
    running.add(proc);
    const record = (chunk: Buffer) => {
      log.add(chunk);
      if (process.env.ALIS_LOCAL_STACK_LOG) process.stderr.write(chunk);
    };
    proc.stdout?.on('data', record);
    proc.stderr?.on('data', record);
    let gone = false;
    exited = new Promise<void>((resolve) =>
      proc.once('exit', () => {
        gone = true;
        running.delete(proc);
        resolve();
      }),
    );
    const deadline = performance.now() + START_TIMEOUT_MS;
    while (!(await answers(baseUrl))) {
      if (gone) throw new StartUpExit(log.text());
      if (performance.now() > deadline) {
        await halt();
        throw new Error(
          `The local stack did not answer within ${START_TIMEOUT_MS / 1000} s:\n${log.text()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  };

  const halt = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    killGroup(proc, 'SIGTERM');
    const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    // Anything the stack left in its group (it stops its Java itself; this is the safety net).
    killGroup(proc, 'SIGKILL');
  };

  // A free port is free when asked, not when the stack binds it: with test files side by side,
  // another stack's DynamoDB Local or Chromium may take it in between. A port of our own choosing
  // is then chosen again; one the caller gave is theirs to answer for.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch(options.fresh ?? false);
      break;
    } catch (error) {
      const taken = error instanceof StartUpExit && /Port \d+ is in use/.test(error.output);
      if (!taken || options.port !== undefined || attempt === 3) throw error;
      port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
    }
  }

  return {
    baseUrl,
    dir,
    port,
    async stop() {
      await halt();
      if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await launch(false);
    },
    output: () => log.text(),
    pid: () => child?.pid,
  };
}
