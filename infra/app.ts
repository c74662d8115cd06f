// Entry point of the CDK CLI (cdk.json: "npx tsx infra/app.ts").

import { App } from 'aws-cdk-lib';
import { addNagChecks, buildStack } from './synth.js';

const app = new App();

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
// Without an account or region the stack stays environment-agnostic, so synth works anywhere.
buildStack(app, account || region ? { env: { account, region } } : {});

addNagChecks(app);
