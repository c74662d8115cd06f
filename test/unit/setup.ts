// Unit tests: the SDK-mock matchers, and the environment shared/config.ts insists on.
import 'aws-sdk-client-mock-vitest/extend';

process.env.TABLE_NAME ??= 'alis-unit';
process.env.MAIL_FROM ??= 'ALIS-tilskudd <no-reply@alis.example.no>';
process.env.SES_CONFIGURATION_SET ??= 'alis-unit';
process.env.PUBLIC_BASE_URL ??= 'https://alis.example.no';
process.env.STATE_MACHINE_ARN ??=
  'arn:aws:states:eu-north-1:000000000000:stateMachine:ApplicationReview';
process.env.SIGN_IN_STATE_MACHINE_ARN ??=
  'arn:aws:states:eu-north-1:000000000000:stateMachine:SignInRequests';
process.env.AWS_REGION ??= 'eu-north-1';
