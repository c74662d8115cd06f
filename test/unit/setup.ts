// Unit tests: the SDK-mock matchers, the environment shared/config.ts insists on, and a check that
// no test met a form the table fake does not model (test/support/table-fake.ts), even where the
// code under test caught the error. Most unit files share one module graph per worker
// (vitest.config.ts): each file starts with every SDK mock reset (test/support/sdk-mock.ts), and
// leaves real timers, no spies and the environment as it found it.
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, vi } from 'vitest';

process.env.TABLE_NAME ??= 'alis-unit';
process.env.MAIL_FROM ??= 'ALIS-tilskudd <no-reply@alis.example.no>';
process.env.SES_CONFIGURATION_SET ??= 'alis-unit';
process.env.PUBLIC_BASE_URL ??= 'https://alis.example.no';
process.env.STATE_MACHINE_ARN ??=
  'arn:aws:states:eu-north-1:000000000000:stateMachine:ApplicationReview';
process.env.PAYMENT_STATE_MACHINE_ARN ??=
  'arn:aws:states:eu-north-1:000000000000:stateMachine:AnnualPayment';
process.env.SIGN_IN_STATE_MACHINE_ARN ??=
  'arn:aws:states:eu-north-1:000000000000:stateMachine:SignInRequests';
process.env.MUNICIPALITY_REQUESTS_STATE_MACHINE_ARN ??=
  'arn:aws:states:eu-north-1:000000000000:stateMachine:MunicipalityRequests';
process.env.AWS_REGION ??= 'eu-north-1';
// The services' logs are not what unit tests read (a test of a log line sets its own level).
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const UNMODELLED = Symbol.for('alis.tableFake.unmodelled');
const RESET_SDK_MOCKS = Symbol.for('alis.sdkMock.resetAll');

// Before the file is imported (this module runs before each file): what a file sets up at its
// top level stays set.
(globalThis as { [RESET_SDK_MOCKS]?: () => void })[RESET_SDK_MOCKS]?.();

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

afterEach(() => {
  const met = (globalThis as { [UNMODELLED]?: string[] })[UNMODELLED]?.splice(0) ?? [];
  if (met.length > 0) {
    throw new Error(`The test met forms the table fake does not model:\n${met.join('\n')}`);
  }
});
