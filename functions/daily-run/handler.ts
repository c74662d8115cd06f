// The daily run (EventBridge Scheduler, 06:00 Oslo): everything due up to now.

import { runDueTimers } from '../../shared/services/timers.js';

export async function handler(): Promise<{ handled: number }> {
  const outcomes = await runDueTimers();
  console.log(JSON.stringify({ level: 'info', message: 'daily run', outcomes }));
  return { handled: outcomes.length };
}
