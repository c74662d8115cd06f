// Resumes the review of applications whose execution stopped (the daily run's alarm names them):
//   npm run resume -- <applicationId> [<applicationId> ...]
// Reads the same environment as the functions: TABLE_NAME and STATE_MACHINE_ARN (the stack's
// outputs), MAIL_FROM, SES_CONFIGURATION_SET and PUBLIC_BASE_URL (any values: nothing is mailed
// from here), AWS credentials and region; for the local stack also AWS_ENDPOINT_URL_DYNAMODB and
// AWS_ENDPOINT_URL_SFN. See docs/architecture.md, "Resuming a stopped review".

import { resumeReview } from '../shared/services/resume.js';

async function main(ids: string[]): Promise<number> {
  if (ids.length === 0) {
    console.error('usage: npm run resume -- <applicationId> [<applicationId> ...]');
    return 2;
  }
  let failed = 0;
  for (const id of ids) {
    try {
      const outcome = await resumeReview(id);
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
