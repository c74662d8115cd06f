// Resumes workflows whose execution stopped, for the unusual case: the daily run resumes every
// stop it finds by itself, and the alarm on a resume failing twice names the execution.
//   npm run resume -- <applicationId> | <applicationId>[-p<position>]-y<year> [...]
// (`-y<year>`: that year's payment of position 1; `-p<position>-y<year>`: of another position.) Reads the same environment as the functions: TABLE_NAME,
// STATE_MACHINE_ARN and PAYMENT_STATE_MACHINE_ARN (the stack's outputs), MAIL_FROM (at least three
// characters), SES_CONFIGURATION_SET and PUBLIC_BASE_URL (a URL; nothing is mailed from here), AWS
// credentials and region; for the local stack also AWS_ENDPOINT_URL_DYNAMODB and
// AWS_ENDPOINT_URL_SFN. See docs/architecture.md, "Resuming a stopped workflow".

import { resumePayment, resumeReview } from '../shared/services/resume.js';

async function main(ids: string[]): Promise<number> {
  if (ids.length === 0) {
    console.error(
      'usage: npm run resume -- <applicationId> | <applicationId>[-p<position>]-y<year> [...]',
    );
    return 2;
  }
  let failed = 0;
  for (const id of ids) {
    try {
      const payment = /^(.+?)(?:-p(\d+))?-y(\d+)$/.exec(id);
      const outcome = payment
        ? await resumePayment({
            applicationId: payment[1]!,
            position: Number(payment[2] ?? 1),
            year: Number(payment[3]),
          })
        : await resumeReview(id);
      console.log(
        `${id}: ${outcome.action} (was ${outcome.found}; now runs as ${outcome.executionName})`,
      );
    } catch (error) {
      failed++;
      console.error(`${id}: ${error instanceof Error ? `${error.name}: ${error.message}` : error}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
