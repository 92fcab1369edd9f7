import { defineMessages } from './define';

// Parents reached by WeChat and SMS (issue 34). The channel texts (notify.sms.*, notify.wx.*) are
// the wording registered with Alibaba Cloud and WeChat: a template's fixed text with {variables},
// and each WeChat field within its limit (server/notifications/render.ts checks both). Nothing here
// may imply that someone is watching; every message ends with the danger signs and 120.
export const notifications = defineMessages(
  {
    // ---- SMS templates (fixed text; the variables are the SDK's TemplateParam) ----
    'notify.sms.index': '今日{district}儿童哮喘指数{level}级（{label}），请按行动计划做好防护。孩子有任何危险征象，请立即拨打120。',
    'notify.sms.diary': '孩子已{days}天没有记录哮喘日记，请打开家庭助手记录今天的情况。孩子有任何危险征象，请立即拨打120。',
    'notify.sms.followup': '孩子的哮喘随访定在{date}，请按时到社区卫生服务中心复诊。孩子有任何危险征象，请立即拨打120。',
    'notify.sms.urgent': '今天记录的情况属于红区，请立即按行动计划红区处理。社区中心只在工作时间看到记录，夜间和周末无人查看。孩子有任何危险征象，请立即拨打120。',
    // ---- WeChat template / subscription message fields (20 characters at most each) ----
    'notify.wx.index.title': '哮喘指数{level}级 {label}',
    'notify.wx.index.advice': '请按行动计划做好防护',
    'notify.wx.diary.title': '已{days}天没有记录日记',
    'notify.wx.diary.advice': '请打开家庭助手记录',
    'notify.wx.followup.title': '哮喘随访提醒',
    'notify.wx.followup.advice': '请按时到社区中心复诊',
    'notify.wx.urgent.title': '请立即按行动计划红区处理',
    'notify.wx.urgent.hours': '社区中心只在工作时间看记录',
    'notify.wx.urgent.night': '夜间和周末无人查看',
    'notify.wx.call120': '有任何危险征象立即拨打120',
    // ---- replies in WeChat to a one-time code ----
    'notify.wx.bound': '绑定成功。孩子的哮喘提醒会发到这个微信。可在家庭助手的“提醒方式”里随时解绑。',
    'notify.wx.codeInvalid': '验证码无效或已过期，请在家庭助手的“提醒方式”里重新获取。',
    'notify.wx.boundElsewhere': '这个微信已绑定另一个家长账号，请先在那个账号里解绑。',
    // ---- validation ----
    'v.wechatNotBound': '请先绑定微信，再选择微信提醒',
    'v.smsConsentMissing': '请先同意接收短信，再选择短信提醒',
    'v.notMainlandMobile': '登记的电话不是中国大陆手机号，无法接收短信，请联系社区卫生服务中心更正',
    'v.wechatCode': '微信授权已失效，请重新打开本页面',
  },
  {
    'notify.sms.index': "Asthma index for {district} today: level {level} ({label}). Follow the action plan. If your child has any danger sign, call 120 now.",
    'notify.sms.diary': 'No asthma diary for {days} days. Please log today in the family app. If your child has any danger sign, call 120 now.',
    'notify.sms.followup': "Your child's asthma review is on {date} at your community centre. If your child has any danger sign, call 120 now.",
    'notify.sms.urgent': 'Today is a red-zone day: follow the red zone of the plan now. The centre sees records in opening hours only; nobody watches at night or at weekends. Any danger sign: call 120 now.',
    'notify.wx.index.title': 'Level {level} {label}',
    'notify.wx.index.advice': 'Follow your plan',
    'notify.wx.diary.title': 'No diary for {days} days',
    'notify.wx.diary.advice': 'Log today in the app',
    'notify.wx.followup.title': 'Asthma review due',
    'notify.wx.followup.advice': 'Go to your centre',
    'notify.wx.urgent.title': 'Follow red zone now',
    'notify.wx.urgent.hours': 'Read in clinic hours',
    'notify.wx.urgent.night': 'Unwatched night/wknd',
    'notify.wx.call120': 'Any danger: call 120',
    'notify.wx.bound': 'Bound. Your child\'s asthma messages will come to this WeChat. You can unbind at any time under "How we reach you" in the family app.',
    'notify.wx.codeInvalid': 'This code is wrong or has expired; get a new one under "How we reach you" in the family app.',
    'notify.wx.boundElsewhere': 'This WeChat is bound to another parent account; unbind it there first.',
    'v.wechatNotBound': 'Bind WeChat first, then choose WeChat messages',
    'v.smsConsentMissing': 'Agree to receive SMS first, then choose SMS messages',
    'v.notMainlandMobile': 'The phone recorded at enrolment is not a mainland China mobile number, so it cannot receive SMS; ask your community health centre to correct it',
    'v.wechatCode': 'The WeChat sign-in has expired; open this page again',
  },
);
