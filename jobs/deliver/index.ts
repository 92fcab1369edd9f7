// Delivery of the daily index to subscribers: outbox rows after each run, a signed webhook sender.
export * from './sender';
export * from './signature';
