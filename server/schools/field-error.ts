// A service-side check on one field (a date in the future, a batch not in the kit). The API
// answers in English like every validation_failed; pages read `key` to speak the user's language.
import { AppError } from '../errors';
import { t } from '../../web/i18n';

export class FieldError extends AppError {
  constructor(
    readonly path: string,
    readonly key: string,
  ) {
    super(400, 'validation_failed', t('en', key), [{ path, message: t('en', key) }]);
  }
}
