// The notification service's passes (issue 34): the scan that fills the parents' outbox, the pass
// that sends it (WeChat, SMS, Web Push), and the integrators' webhooks.
export { queueDueNotifications, reachableChannels } from './scan';
export { runNotifyPass, type NotifyReport, type NotifySendOptions } from './send';
export { deliverDue, DELIVERY_TIMEOUT_MS, FIRST_RETRY_MS, MAX_ATTEMPTS, retryDelayMs, type DeliverOptions, type DeliverReport } from './webhooks';
