// The WeChat and SMS fakes for the send benchmark (notify.ts), in a process of their own. Every
// openid-<i> below the count given follows the account. Prints one JSON line with their addresses.
import { startFakeSms } from '../fakes/sms';
import { startFakeWechat } from '../fakes/wechat';

const followers = Number(process.argv[2] ?? '0');
const wechat = await startFakeWechat();
const sms = await startFakeSms();
for (let i = 0; i < followers; i++) wechat.followers.add(`openid-${i}`);
// What they record is not read here: keep it from growing by a few hundred thousand messages.
setInterval(() => {
  wechat.sent.length = 0;
  sms.sent.length = 0;
}, 1000).unref();
process.stdout.write(`${JSON.stringify({ wechatUrl: wechat.url, appId: wechat.appId, secret: wechat.secret, smsEndpoint: sms.endpoint, accessKeyId: sms.accessKeyId })}\n`);
