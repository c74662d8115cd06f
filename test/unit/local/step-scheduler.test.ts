// The local stack runs the workflow's steps after the HTTP API's requests: a step waits while a
// request is being served, for a bounded time, and at most `limit` steps run at once, in order.

import { afterEach, describe, expect, it, vi } from 'vitest';

import { StepScheduler } from '../../../infra/local/lambda.js';

/** A task that runs until released, recording when it started. */
function held(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      return name;
    },
    release: () => release(),
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the local stack’s step scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts no step while a request is being served, and starts them when it ends', async () => {
    const scheduler = new StepScheduler(2, 10_000);
    const log: string[] = [];
    const request = held(log, 'request');
    const serving = scheduler.serve(request.task);
    const stepA = scheduler.run(async () => log.push('start step A'));
    const stepB = scheduler.run(async () => log.push('start step B'));
    await turn();
    expect(log).toEqual(['start request']);

    request.release();
    await serving;
    await Promise.all([stepA, stepB]);
    expect(log).toEqual(['start request', 'start step A', 'start step B']);
  });

  it('lets a step wait no longer than its limit under a load that never pauses', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const scheduler = new StepScheduler(2, 10_000);
    const log: string[] = [];
    const request = held(log, 'request');
    const serving = scheduler.serve(request.task);
    const step = scheduler.run(async () => log.push('start step'));

    await vi.advanceTimersByTimeAsync(9_999);
    expect(log).toEqual(['start request']);
    await vi.advanceTimersByTimeAsync(1);
    await step;
    expect(log).toEqual(['start request', 'start step']);

    request.release();
    await serving;
  });

  it('runs at most `limit` steps at once, in the order they came', async () => {
    const scheduler = new StepScheduler(2, 10_000);
    const log: string[] = [];
    const steps = ['1', '2', '3', '4'].map((name) => held(log, name));
    const results = steps.map((s) => scheduler.run(s.task));
    await turn();
    expect(log).toEqual(['start 1', 'start 2']);

    steps[1]!.release();
    await turn();
    expect(log).toEqual(['start 1', 'start 2', 'start 3']);

    for (const s of steps) s.release();
    expect(await Promise.all(results)).toEqual(['1', '2', '3', '4']);
    expect(log).toEqual(['start 1', 'start 2', 'start 3', 'start 4']);
  });

  it('frees its place when a step fails', async () => {
    const scheduler = new StepScheduler(1, 10_000);
    await expect(
      scheduler.run(async () => {
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    expect(await scheduler.run(async () => 'next')).toBe('next');
  });

  it('passes a request’s answer and error through', async () => {
    const scheduler = new StepScheduler(1, 10_000);
    expect(await scheduler.serve(async () => 'answer')).toBe('answer');
    await expect(
      scheduler.serve(async () => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    // Neither left a request counted: a step starts at once.
    expect(await scheduler.run(async () => 'step')).toBe('step');
  });
});
