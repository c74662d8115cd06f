// The one shape of a lead's action that does not fit the application's state: 409 with a code
// and a bokmål message on `action` (services/staff-actions*.ts).

import { ConflictError } from '../errors.js';

export function actionConflict(code: string, message: string): ConflictError {
  return new ConflictError([{ path: 'action', code, message }]);
}
