// Articles on the illness and its care: what asthma is, medicines, technique, peak flow, the plan.
import type { LibraryArticle } from './library';

export const whatIsAsthma: LibraryArticle = {
  slug: 'what-is-asthma',
  topic: 'basics',
  title: { zh: '什么是哮喘', en: 'What is asthma?' },
  body: {
    zh: `哮喘是气道（把空气送进肺里的管道）的一种长期炎症。有哮喘的孩子，气道比别人更“敏感”，遇到感冒、冷空气、烟雾、尘螨等刺激时，会出现三种变化：

- 气道周围的肌肉收紧；
- 气道内壁肿胀；
- 气道里的黏液（痰）增多。

气道因此变窄，空气进出困难，孩子就会出现**咳嗽、喘息（呼吸时有“吱吱”声）、气短、胸闷**。症状常在夜间或清晨、运动后或感冒时加重。

## 哮喘能治好吗？

哮喘目前不能“根治”，但**可以控制得很好**。坚持按医嘱用药、避开诱因、定期随访，绝大多数孩子可以和其他孩子一样上学、运动、玩耍。哮喘不会传染。

## 怎样算“控制良好”？

在最近 4 周里：

- 白天症状每周不超过 2 次；
- 没有因为哮喘在夜里醒来；
- 需要用缓解药物每周不超过 2 次；
- 运动和玩耍不受限制。

如果做不到这些，请告诉医生：可能需要调整治疗，或检查吸入方法和用药情况。

> 哮喘发作可能很危险。请熟悉孩子的[哮喘行动计划](/app/articles/action-plan)，知道什么时候[需要立即拨打 120](/app/articles/emergency)。`,
    en: `Asthma is a long-term inflammation of the airways, the tubes that carry air into the lungs. A child with asthma has airways that are more "sensitive" than other people's. When they meet a trigger such as a cold, cold air, smoke or dust mites, three things happen:

- the muscles around the airways tighten;
- the lining of the airways swells;
- more mucus is made inside the airways.

The airways narrow, air moves in and out with difficulty, and the child **coughs, wheezes (a whistling sound when breathing), gets short of breath or feels a tight chest**. Symptoms are often worse at night or early in the morning, after exercise or with a cold.

## Can asthma be cured?

Asthma cannot be cured yet, but it **can be controlled well**. With medicines taken as the doctor prescribed, triggers avoided and regular reviews, most children go to school, play sport and live like other children. Asthma is not contagious.

## What does "well controlled" mean?

Over the last 4 weeks:

- daytime symptoms no more than twice a week;
- no waking at night because of asthma;
- the reliever needed no more than twice a week;
- no limits on exercise or play.

If this is not the case, tell the doctor: the treatment may need a change, or the inhaler technique and the daily routine a check.

> An asthma attack can be dangerous. Get to know your child's [asthma action plan](/app/articles/action-plan) and [when to call 120 at once](/app/articles/emergency).`,
  },
};

export const controllerReliever: LibraryArticle = {
  slug: 'controller-and-reliever',
  topic: 'medicines',
  title: { zh: '控制药物和缓解药物有什么不同', en: 'Controller and reliever: what is the difference?' },
  body: {
    zh: `哮喘的药物主要分两类，作用完全不同。孩子的哮喘行动计划上写明了每种药的名称和用法。

## 控制药物（每天用，“防火”）

- 最常用的是**吸入性糖皮质激素**，有时与其他药物合用（例如白三烯受体拮抗剂）。
- 它减轻气道炎症，让气道不再那么敏感，从而**减少发作**。
- 作用慢，需要几天到几周才见效，所以**即使没有症状也要每天按医嘱使用**。
- 不要因为孩子“好了”就自行停药或减量，调整药物请和医生商量。
- 吸入激素后请漱口或喝水，减少口腔不适。按医嘱使用的吸入激素剂量很小，对儿童是安全的。

## 缓解药物（需要时用，“灭火”）

- 常见的是**沙丁胺醇**等快速起效的吸入药物。
- 几分钟内放松气道周围的肌肉，**迅速缓解**咳嗽、喘息和气短。
- 它不能治疗炎症。出现症状时按行动计划使用，并**随身携带**（上学、外出、运动时都带上）。
- 有些孩子由医生安排用同一种吸入器同时作为控制和缓解药物，请严格按医生的说明使用。

## 提醒

**如果孩子每周需要用缓解药物超过 2 次，说明哮喘没有控制好**，请尽快联系医生，不要只靠缓解药物。

所有药物的用法和用量，都请**按医生的处方**，不要自行更改。吸入器要用对方法才有效，请看[吸入器和储雾罐的使用方法](/app/articles/inhaler-and-spacer)。`,
    en: `Asthma medicines come in two main kinds that do very different jobs. Your child's action plan names each medicine and how to use it.

## Controller (every day: "fire prevention")

- Most often an **inhaled corticosteroid**, sometimes together with another medicine (for example a leukotriene receptor antagonist).
- It calms the inflammation so the airways become less sensitive, which **prevents attacks**.
- It works slowly, over days to weeks, so **give it every day as prescribed, even when there are no symptoms**.
- Do not stop or cut it down because the child "seems fine": talk to the doctor about any change.
- After an inhaled steroid, rinse the mouth or have a drink. Inhaled steroids taken as prescribed are in small doses and are safe for children.

## Reliever (when needed: "putting out the fire")

- Usually a fast-acting inhaler such as **salbutamol**.
- Within minutes it relaxes the muscles around the airways and **quickly eases** cough, wheeze and breathlessness.
- It does not treat the inflammation. Use it for symptoms as the action plan says, and **always carry it** (school, outings, sport).
- Some children are prescribed one inhaler that is both controller and reliever; follow the doctor's instructions exactly.

## Remember

**If your child needs the reliever more than twice a week, the asthma is not well controlled.** Contact the doctor soon; do not rely on the reliever alone.

Use every medicine **as your doctor prescribed** and do not change it yourself. An inhaler only works when it is used the right way: see [using an inhaler and spacer](/app/articles/inhaler-and-spacer).`,
  },
};

export const inhalerSpacer: LibraryArticle = {
  slug: 'inhaler-and-spacer',
  topic: 'technique',
  title: { zh: '吸入器和储雾罐的正确使用方法', en: 'Using an inhaler and spacer, step by step' },
  body: {
    zh: `压力定量吸入器（“喷雾”）配合**储雾罐**使用，药物能更多地进入肺里，儿童都应这样用。约 4 岁以下的孩子用带**面罩**的储雾罐；约 4 岁起，多数孩子能用嘴唇包紧咬嘴，改用带**咬嘴**的储雾罐（请医生或护士看一看孩子能否做到）。

![用储雾罐吸药的四个步骤](/static/app/articles/spacer-steps.svg)

## 步骤

1. 取下吸入器的盖子，检查喷口是否干净，药物是否在有效期内。
2. **摇匀**吸入器（上下摇动约 5 次）。
3. 把吸入器插入储雾罐的接口。
4. 孩子坐直或站直，先轻轻呼气。
5. 把储雾罐的咬嘴放进嘴里、用嘴唇包紧（或把面罩紧扣住口鼻，不留缝隙）。
6. **按压吸入器一次**，把一喷药喷进储雾罐。
7. 让孩子通过储雾罐**慢慢地平静呼吸约 4 到 6 次**（戴面罩时保持至少 30 秒）；能做到的大孩子也可以深吸一口气，屏气约 10 秒。
8. 如果医生要求吸第二喷，**每次只喷一下**，重新摇匀后再重复第 4 到 7 步。
9. 吸入激素类控制药物后，漱口或喝水。

## 常见错误

- 一次按好几下：药物会粘在储雾罐壁上，吸进去的反而少。
- 没有摇匀，或按压后等太久才吸。
- 嘴唇或面罩漏气。
- 孩子哭闹时吸药：哭的时候吸入的药很少，尽量安抚后再用。

## 储雾罐的清洁

大约每月清洗一次：用温水加少量洗洁精浸泡，**不要擦拭内壁**，清水冲洗后自然晾干（这样能减少静电）。有裂缝或阀门损坏时请更换。

## 干粉吸入器

大一些的孩子可能使用干粉吸入器（不用储雾罐）：要**快速、用力、深深地吸气**，吸完后不要对着吸入器呼气。每种干粉吸入器的装药方法不同，请按说明书和医生、护士的示范操作。

> 每次随访请带上吸入器和储雾罐，让医生或护士看看孩子的方法，随时纠正。`,
    en: `A pressurised metered-dose inhaler ("puffer") used with a **spacer** gets more medicine into the lungs, and every child should use one this way. Children under about 4 use a spacer with a **face mask**; from about 4, most children can seal their lips around a **mouthpiece** and change to one (ask the doctor or nurse to check that your child can).

![The four steps of using a spacer](/static/app/articles/spacer-steps.svg)

## Steps

1. Take the cap off the inhaler; check the mouthpiece is clean and the medicine in date.
2. **Shake** the inhaler (about 5 times up and down).
3. Fit the inhaler into the end of the spacer.
4. The child sits or stands up straight and breathes out gently.
5. Put the spacer mouthpiece in the mouth with the lips sealed around it (or press the mask over nose and mouth with no gaps).
6. **Press the inhaler once** to put one puff into the spacer.
7. The child **breathes slowly in and out through the spacer about 4 to 6 times** (with a mask, hold it on for at least 30 seconds). Older children who can may instead take one deep breath and hold it for about 10 seconds.
8. If the doctor prescribed a second puff, **one puff at a time**: shake again and repeat steps 4 to 7.
9. After an inhaled steroid (controller), rinse the mouth or have a drink.

## Common mistakes

- Several puffs at once: the medicine sticks to the spacer wall and less is breathed in.
- Not shaking, or waiting too long between the puff and breathing in.
- Gaps around the lips or the mask.
- Giving it while the child cries: very little is breathed in while crying, so calm the child first.

## Cleaning the spacer

About once a month, soak it in warm water with a little washing-up liquid, **do not wipe the inside**, rinse and let it drip-dry (this cuts down static). Replace it if it is cracked or the valve is damaged.

## Dry-powder inhalers

Older children may use a dry-powder inhaler (no spacer): breathe in **fast, hard and deep**, and never breathe out into the inhaler. Each type is loaded differently: follow the leaflet and the doctor's or nurse's demonstration.

> Bring the inhaler and spacer to every review so the doctor or nurse can watch your child use them and correct the technique.`,
  },
};

export const peakFlow: LibraryArticle = {
  slug: 'peak-flow',
  topic: 'monitoring',
  title: { zh: '峰流速和红黄绿三个区', en: 'Peak flow and the three zones' },
  body: {
    zh: `峰流速仪测量孩子用力呼气时最快的气流速度（峰流速，单位 升/分钟）。气道变窄时，峰流速会下降，有时比孩子自己感觉到症状还要早。大约 5 岁以上的孩子可以学会测量。

![峰流速仪的用法](/static/app/articles/peak-flow.svg)

## 怎样测

1. 把指针拨回到刻度最低处（“0”）。
2. 孩子**站直**，深深吸一口气，吸到最满。
3. 把峰流速仪的咬嘴放进嘴里，嘴唇包紧，舌头不要挡住。
4. **尽最大力气、最快速度**地吹一口气（像吹灭生日蜡烛那样“一下子”吹出）。
5. 记下读数，指针拨回，**共测 3 次，记录最高的一次**。

每天早晚各测一次（用药前），记在哮喘日记里。

## 个人最佳值

个人最佳值是孩子在**哮喘控制良好时**测得的最高峰流速，通常在 2 到 3 周里每天测量得出。医生会根据它算出三个区的范围，写在哮喘行动计划上。孩子长高后个人最佳值会变化，请在随访时让医生更新。

## 三个区

- **绿区**：达到个人最佳值的 **80% 及以上**。控制良好，继续每天按医嘱用控制药物。
- **黄区**：个人最佳值的 **50% 到 79%**。需要注意，按行动计划的黄区处理，并联系医生。
- **红区**：**低于个人最佳值的 50%**。危险，按行动计划的红区处理，**立即拨打 120 或去急诊**。

当天有两次读数时，以较低的一次为准。峰流速只是参考之一：即使读数在绿区，孩子如果明显呼吸困难，也要按症状处理。`,
    en: `A peak flow meter measures how fast the child can blow air out (the peak expiratory flow, in litres per minute). When the airways narrow, peak flow drops, sometimes before the child feels any symptoms. Most children from about 5 years of age can learn to do it.

![How to use a peak flow meter](/static/app/articles/peak-flow.svg)

## How to measure

1. Move the marker to the bottom of the scale ("0").
2. The child **stands up straight** and takes the deepest breath possible.
3. Put the mouthpiece in the mouth with the lips sealed around it, tongue out of the way.
4. Blow out **as hard and as fast as possible** in one short blast (like blowing out birthday candles).
5. Note the reading, reset the marker, **do it 3 times and write down the highest**.

Measure every morning and evening (before medicines) and record it in the asthma diary.

## Personal best

The personal best is the highest peak flow your child reaches **when the asthma is well controlled**, usually found by measuring every day for 2 to 3 weeks. The doctor uses it to work out the three zones and writes them on the action plan. It changes as the child grows, so ask the doctor to update it at reviews.

## The three zones

- **Green**: **80% or more** of the personal best. Well controlled: keep giving the controller every day as prescribed.
- **Yellow**: **50% to 79%** of the personal best. Take care: follow the yellow zone of the action plan and contact the doctor.
- **Red**: **below 50%** of the personal best. Danger: follow the red zone of the action plan and **call 120 or go to the emergency department at once**.

When there are two readings in a day, the lower one counts. Peak flow is one guide among others: if the child is clearly struggling to breathe, act on the symptoms even if the reading is green.`,
  },
};

export const actionPlan: LibraryArticle = {
  slug: 'action-plan',
  topic: 'plan',
  title: { zh: '看懂孩子的哮喘行动计划', en: "Understanding your child's asthma action plan" },
  body: {
    zh: `哮喘行动计划是医生为孩子**专门写的**书面计划，告诉家长、孩子和老师：平时怎么用药，症状加重时怎么办，什么时候必须求助。它按交通信号灯分为三个区。

## 绿区：控制良好

- 没有咳嗽、喘息或气短，夜里睡得好，能正常上学和运动；
- 峰流速在个人最佳值的 80% 及以上。

**做什么**：每天按计划使用控制药物；运动前如医生有安排，按计划用药。

## 黄区：注意，哮喘在加重

- 咳嗽、喘息、胸闷或气短，夜里因咳嗽或气喘醒来，运动时容易累；
- 峰流速在个人最佳值的 50%–79%。

**做什么**：按计划使用缓解药物，继续使用控制药物；观察孩子是否好转。如果症状没有好转，或很快又需要缓解药物，**请按计划上写的时间联系医生**。

## 红区：危险，立即求助

- 呼吸非常费力、说话不能成句、走路困难、嘴唇或指甲发紫、使用缓解药物后没有好转；
- 峰流速低于个人最佳值的 50%。

**做什么**：**立即拨打 120**，同时按计划使用缓解药物，让孩子坐直，等待救护车或尽快去急诊。

## 用好这份计划

- 在应用里随时查看，也可以**打印**出来贴在家里。
- 给学校老师和校医一份（学校的校医可以在系统中看到计划摘要）。
- 每次随访带上，请医生根据孩子的情况更新。

了解更多：[峰流速和三个区](/app/articles/peak-flow)、[什么时候去急诊](/app/articles/emergency)。`,
    en: `An asthma action plan is a written plan the doctor writes **for your child alone**. It tells parents, the child and teachers how to use the medicines every day, what to do when asthma gets worse and when to get help. It has three zones, like traffic lights.

## Green zone: doing well

- No cough, wheeze or breathlessness; sleeping well; normal school and sport;
- peak flow 80% or more of the personal best.

**What to do**: give the controller every day as the plan says; before exercise, only what the doctor wrote on the plan.

## Yellow zone: caution, asthma getting worse

- Cough, wheeze, tight chest or breathlessness; waking at night with cough or wheeze; tiring quickly with exercise;
- peak flow 50% to 79% of the personal best.

**What to do**: give the reliever as the plan says and keep giving the controller; watch whether the child gets better. If not, or if the reliever is soon needed again, **contact the doctor within the time written on the plan**.

## Red zone: danger, get help now

- Breathing very hard, cannot finish a sentence, hard to walk, blue lips or fingernails, the reliever does not help;
- peak flow below 50% of the personal best.

**What to do**: **call 120 at once**, give the reliever as the plan says, keep the child sitting upright, and wait for the ambulance or go to the emergency department.

## Making the plan work

- Look at it in the app at any time, or **print** it and put it up at home.
- Give a copy to the teacher and the school nurse (the school nurse can see the plan summary in the system).
- Bring it to every review and ask the doctor to update it.

More: [peak flow and the zones](/app/articles/peak-flow), [when to go to the emergency department](/app/articles/emergency).`,
  },
};
