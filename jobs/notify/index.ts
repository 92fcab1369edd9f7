// Parents' WeChat and SMS notifications (issue 34): the scan that fills the outbox and the pass that sends it.
export { queueDueNotifications, reachableChannels } from './scan';
export { runNotifyPass, type NotifyReport, type NotifySendOptions } from './send';
