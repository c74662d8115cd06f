// Entry point of the CDK CLI (cdk.json: "npx tsx infra/app.ts"). The stage comes from
// `-c stage=<name>` and everything else from config/<name>.json; without a stage it is `local`,
// whose template synthesizes anywhere and refuses to be deployed.

import { App } from 'aws-cdk-lib';
import { StageConfigError } from './config.js';
import { addNagChecks, buildStack } from './synth.js';

const app = new App();

try {
  // An account or region the stage's file leaves open (null) comes from the CLI's credentials.
  buildStack(app, {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  // The message names the file and each value; a stack trace would only hide it.
  console.error(error.message);
  process.exit(1);
}

addNagChecks(app);
