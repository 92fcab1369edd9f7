// Web Push for families: the scan that fills the outbox and the sender that empties it.
import type { Deps } from '../../server/context';
import { scanPushNotifications } from './scan';
import { sendDuePush, type PushSendOptions, type PushSendReport } from './send';

export { scanPushNotifications, payloadFor, type PushPayload } from './scan';
export { sendDuePush, type PushSendOptions, type PushSendReport } from './send';

/** One pass: create what is due now, then send what is due. Never rejects (errors are logged). */
export async function runPushPass(deps: Deps, options: PushSendOptions = {}): Promise<{ created: number; report: PushSendReport | null }> {
  try {
    const created = await scanPushNotifications(deps);
    return { created, report: await sendDuePush(deps, options) };
  } catch (err) {
    deps.log.error('push pass failed', { error: err instanceof Error ? err.message : String(err) });
    return { created: 0, report: null };
  }
}
