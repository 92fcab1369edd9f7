// The health-education library for families, Simplified Chinese first with the English alongside.
// Wording follows GINA (2024) and China's children's asthma action plan (CCAAP); it never gives a
// dose: medicines are always "as your doctor prescribed" and the child's own action plan decides.
// Markdown in the safe subset of ../markdown.ts; drawings are static SVGs under /static/app/articles/.

export type ArticleTopic = 'basics' | 'medicines' | 'technique' | 'monitoring' | 'plan' | 'triggers' | 'school' | 'living' | 'emergency';

export interface LibraryArticle {
  slug: string;
  topic: ArticleTopic;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
}

const whatIsAsthma: LibraryArticle = {
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

const controllerReliever: LibraryArticle = {
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

const inhalerSpacer: LibraryArticle = {
  slug: 'inhaler-and-spacer',
  topic: 'technique',
  title: { zh: '吸入器和储雾罐的正确使用方法', en: 'Using an inhaler and spacer, step by step' },
  body: {
    zh: `压力定量吸入器（“喷雾”）配合**储雾罐**使用，药物能更多地进入肺里，儿童都应这样用。5 岁以下的孩子用带**面罩**的储雾罐。

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
    en: `A pressurised metered-dose inhaler ("puffer") used with a **spacer** gets more medicine into the lungs, and every child should use one this way. Children under 5 use a spacer with a **face mask**.

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

const peakFlow: LibraryArticle = {
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

const actionPlan: LibraryArticle = {
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

const triggersHome: LibraryArticle = {
  slug: 'triggers-home',
  topic: 'triggers',
  title: { zh: '家里的诱因：尘螨、烟雾、宠物和霉菌', en: 'Triggers at home: dust mites, smoke, pets and mould' },
  body: {
    zh: `每个孩子的诱因不完全一样。记录哮喘日记可以帮您找出孩子的诱因。下面是家里最常见的几种。

## 尘螨 {#dust-mites}

尘螨生活在床垫、枕头、被褥、毛绒玩具和地毯里，喜欢温暖潮湿的环境。

- 床单、被套、枕套**每周用热水（55–60°C 以上）清洗**，有条件的在阳光下晒干；
- 可以使用防螨床罩、枕套；
- 卧室少放毛绒玩具，能洗的定期清洗；
- 尽量不铺地毯，用湿布擦灰，吸尘时孩子不要在房间里。

## 烟草烟雾 {#smoke}

二手烟会加重哮喘、增加发作。**家里和车里都不要吸烟**，包括电子烟；衣服和头发上残留的“三手烟”也有害。吸烟的家人最好戒烟，社区卫生服务中心可以提供戒烟帮助。

## 宠物 {#pets}

如果孩子对猫、狗等宠物过敏：尽量不养；已经养的，至少不让宠物进入孩子的卧室，勤打扫。

## 霉菌和潮湿 {#mould}

上海梅雨季节和冬季容易潮湿发霉。

- 保持室内通风，潮湿季节用除湿机或空调除湿；
- 及时修补漏水，清除墙角、卫生间的霉斑（清理时孩子不要在场）；
- 不在卧室晾晒湿衣服。

## 其他刺激

- 蚊香、熏香、浓烈的香水和清洁剂气味；
- 厨房油烟：做饭时打开抽油烟机；
- 蟑螂：保持厨房清洁，食物密封保存。

> 避开诱因能减少发作，但不能代替控制药物。请继续按医嘱用药。`,
    en: `Every child's triggers are a little different. Keeping the asthma diary helps you find your child's. These are the most common ones at home.

## Dust mites {#dust-mites}

Dust mites live in mattresses, pillows, bedding, soft toys and carpets, and like warm, damp places.

- **Wash sheets, duvet covers and pillowcases every week in hot water (55-60°C or more)**; dry them in the sun if you can;
- mite-proof covers for the mattress and pillows can help;
- keep few soft toys in the bedroom and wash those you can;
- avoid carpets if possible, dust with a damp cloth, and keep the child out of the room while vacuuming.

## Tobacco smoke {#smoke}

Second-hand smoke makes asthma worse and brings on attacks. **No smoking in the home or the car**, e-cigarettes included; the "third-hand" smoke left on clothes and hair is harmful too. Family members who smoke are best helped to stop: the community health service centre offers support.

## Pets {#pets}

If your child is allergic to cats, dogs or other pets: better not to keep them; if you already do, at least keep the pet out of the child's bedroom and clean often.

## Mould and damp {#mould}

Shanghai's plum-rain season and winters are damp and mould grows easily.

- Air the rooms; in damp seasons use a dehumidifier or the air conditioner's dry mode;
- fix leaks and clean mould from wall corners and bathrooms (with the child elsewhere);
- do not dry laundry in the bedroom.

## Other irritants

- Mosquito coils, incense, strong perfume and cleaning-product smells;
- cooking fumes: switch the extractor hood on when cooking;
- cockroaches: keep the kitchen clean and food sealed.

> Avoiding triggers means fewer attacks, but it does not replace the controller. Keep giving the medicines as prescribed.`,
  },
};

const triggersOutdoors: LibraryArticle = {
  slug: 'triggers-outdoors',
  topic: 'triggers',
  title: { zh: '户外的诱因：冷空气、空气污染和花粉', en: 'Triggers outdoors: cold air, pollution and pollen' },
  body: {
    zh: `天气和空气质量会影响哮喘。每天的[哮喘指数](/index)综合了天气和空气质量，可以帮您提前做好准备。

## 冷空气和温度骤变 {#cold-air}

冷而干燥的空气会刺激气道。气温骤降、昼夜温差大时尤其要注意。

- 外出时用围巾或口罩**遮住口鼻**，让吸入的空气先变暖；
- 分层穿衣，便于增减；
- 运动前充分热身。

## 空气污染 {#pollution}

PM2.5、臭氧、二氧化氮等污染物会加重哮喘。

- 关注空气质量预报，污染较重时**减少户外活动**，特别是剧烈运动；
- 关闭门窗，有条件时使用空气净化器；
- 外出可佩戴合适的口罩；
- 臭氧通常午后最高，户外活动可安排在早晨或傍晚。

## 花粉 {#pollen}

春季的树木和草花粉、秋季的杂草花粉会引起过敏。

- 花粉多的日子关闭门窗，尽量避免在草地、公园久留；
- 回家后洗脸、洗手，换下外衣；
- **雷雨天**气流可能把花粉打碎成更小的颗粒，雷雨前后尽量待在室内。

## 看懂哮喘指数

指数为 1 到 5 级。达到 3 级及以上时，请留意孩子的症状，出现黄区症状时按[哮喘行动计划](/app/articles/action-plan)处理。指数是针对人群的提示，不能代替孩子的个体化行动计划。`,
    en: `Weather and air quality affect asthma. The daily [asthma index](/index) combines both and helps you prepare ahead.

## Cold air and sudden temperature changes {#cold-air}

Cold, dry air irritates the airways. Take special care when the temperature drops sharply or days and nights differ a lot.

- Outdoors, **cover nose and mouth** with a scarf or mask so the air is warmed before it is breathed in;
- dress the child in layers that are easy to change;
- warm up well before exercise.

## Air pollution {#pollution}

Pollutants such as PM2.5, ozone and nitrogen dioxide make asthma worse.

- Check the air-quality forecast and **cut down time outdoors** on polluted days, especially hard exercise;
- keep windows closed and run an air purifier if you have one;
- a well-fitting mask can help outdoors;
- ozone is usually highest in the afternoon, so plan outdoor play for the morning or evening.

## Pollen {#pollen}

Tree and grass pollen in spring and weed pollen in autumn cause allergies.

- On high-pollen days keep windows closed and avoid long stays on lawns and in parks;
- wash face and hands and change outer clothes after coming home;
- **thunderstorms** can break pollen into tiny particles, so stay indoors during and just after a storm.

## Reading the asthma index

The index runs from level 1 to 5. From level 3 upwards, watch your child's symptoms and act on the [asthma action plan](/app/articles/action-plan) if yellow-zone symptoms appear. The index is an alert for everyone; it does not replace your child's own plan.`,
  },
};

const school: LibraryArticle = {
  slug: 'asthma-at-school',
  topic: 'school',
  title: { zh: '在学校：让老师和校医了解孩子的哮喘', en: 'At school: helping teachers and the school nurse' },
  body: {
    zh: `孩子每天有很多时间在学校。让学校了解孩子的哮喘，孩子在学校出现症状时才能得到及时处理。

## 开学前要做的事

- 告诉班主任、体育老师和校医（保健老师）孩子有哮喘；
- 给学校一份**哮喘行动计划**。在本系统中，孩子所在学校的校医可以查看计划摘要（三个区、缓解药物和紧急联系人），看不到其他病历；
- 留下**能随时联系到的电话**，号码变化时及时更新。

## 缓解药物

- 按学校规定，让孩子随身携带或交由校医保管**缓解药物和储雾罐**，写好孩子的名字；
- 定期检查药物是否在有效期内、是否快用完；
- 大一些的孩子要学会自己正确使用。

## 学校的急救准备

学校配有哮喘急救包，校医和保健老师接受过培训。孩子出现红区症状时，学校会按行动计划处理并拨打 120，同时通知家长。

## 体育课和活动

哮喘控制良好的孩子可以正常参加体育课和学校活动。运动前充分热身；如果医生在计划中写了运动前用药，按计划执行。请参考[哮喘儿童的运动](/app/articles/exercise)。

## 缺课

如果孩子经常因为哮喘缺课，说明哮喘可能没有控制好，请在随访时告诉医生。`,
    en: `Children spend much of each day at school. When the school knows about your child's asthma, symptoms there can be handled quickly.

## Before term starts

- Tell the class teacher, the PE teacher and the school nurse (health teacher) that your child has asthma;
- give the school a copy of the **asthma action plan**. In this system the nurse of your child's school can see the plan summary (the three zones, the reliever and the emergency contacts) and nothing else of the record;
- leave **phone numbers that always reach you**, and update them when they change.

## The reliever

- As the school's rules say, the child carries the **reliever and spacer** or the school nurse keeps them, labelled with the child's name;
- check regularly that the medicine is in date and not running out;
- older children should learn to use it correctly on their own.

## First aid at school

Schools keep an asthma first-aid kit, and school nurses and health teachers are trained. If your child has red-zone symptoms, the school acts on the action plan, calls 120 and tells you.

## PE and activities

Children whose asthma is well controlled can take full part in PE and school activities. Warm up well; if the doctor wrote a medicine before exercise on the plan, follow it. See [exercise and asthma](/app/articles/exercise).

## Missed school days

If your child often misses school because of asthma, the asthma may not be well controlled: tell the doctor at the next review.`,
  },
};

const exercise: LibraryArticle = {
  slug: 'exercise',
  topic: 'living',
  title: { zh: '哮喘儿童的运动', en: 'Exercise and asthma' },
  body: {
    zh: `运动对有哮喘的孩子同样重要：能增强体质、改善心肺功能，也让孩子更自信。很多优秀运动员都有哮喘。

## 运动时出现症状怎么办

运动中或运动后出现咳嗽、喘息、胸闷：

1. 让孩子**停下来休息**；
2. 按行动计划使用缓解药物；
3. 症状完全消失后才可以继续；如果没有好转，按行动计划的黄区或红区处理。

## 让运动更顺利

- **先热身** 10 分钟左右，运动后慢慢放松；
- 天气寒冷干燥时用口罩或围巾遮住口鼻，或改在室内运动；
- 空气污染或花粉多的日子，减少户外剧烈运动（可参考每天的[哮喘指数](/index)）；
- 运动时随身带好缓解药物；
- 如果医生在计划中写了运动前用药，按计划执行。

## 提醒

**如果孩子经常因为运动出现症状，或不愿意运动，可能说明哮喘没有控制好**，请告诉医生，调整治疗后大多数孩子都能正常运动。游泳、跑步、球类等运动都可以参加。`,
    en: `Exercise matters for children with asthma as much as for anyone: it builds fitness, heart and lungs, and confidence. Many top athletes have asthma.

## If symptoms start during exercise

If the child coughs, wheezes or feels a tight chest during or after exercise:

1. **Stop and rest**;
2. give the reliever as the action plan says;
3. carry on only when the symptoms have gone completely; if they do not get better, follow the yellow or red zone of the plan.

## Making exercise go well

- **Warm up** for about 10 minutes and cool down slowly afterwards;
- in cold, dry weather cover nose and mouth with a mask or scarf, or exercise indoors;
- on polluted or high-pollen days cut down hard outdoor exercise (the daily [asthma index](/index) helps);
- keep the reliever at hand;
- if the doctor wrote a medicine before exercise on the plan, follow it.

## Remember

**If your child often gets symptoms with exercise, or avoids it, the asthma may not be well controlled.** Tell the doctor: with the right treatment most children can exercise normally. Swimming, running and ball games are all fine.`,
  },
};

const coldsFlu: LibraryArticle = {
  slug: 'colds-and-flu',
  topic: 'living',
  title: { zh: '感冒和流感季节', en: 'Colds and flu' },
  body: {
    zh: `病毒感染（感冒、流感等）是**引起儿童哮喘发作最常见的原因**，秋冬季和开学后尤其多见。

## 预防

- 勤洗手，咳嗽、打喷嚏时用纸巾或手肘遮挡；
- 有哮喘的孩子建议**每年接种流感疫苗**（6 月龄以上），请咨询社区卫生服务中心；
- 流行季节少去人多拥挤、通风差的地方；
- 坚持每天按医嘱使用控制药物，不要在感冒季节自行停药。

## 感冒时

- 感冒常常先出现流鼻涕、咽痛，随后咳嗽、喘息加重。**出现哮喘症状时尽早按行动计划的黄区处理**；
- 继续使用控制药物；
- 密切观察，夜间也要留意孩子的呼吸；
- 如果缓解药物的效果越来越差、需要的次数越来越多，或出现发热、精神差，请及时就医；
- 出现红区症状时立即拨打 120。

抗生素对病毒感冒无效，是否需要使用请由医生决定。`,
    en: `Virus infections (colds, flu and others) are **the most common cause of asthma attacks in children**, especially in autumn and winter and when school starts.

## Prevention

- Wash hands often; cover coughs and sneezes with a tissue or the elbow;
- children with asthma are advised to have **a flu vaccine every year** (from 6 months of age): ask your community health service centre;
- in the flu season avoid crowded, poorly aired places where you can;
- keep giving the controller every day as prescribed; do not stop it in the cold season.

## When your child has a cold

- A cold often starts with a runny nose or sore throat, then cough and wheeze get worse. **At the first asthma symptoms, act on the yellow zone of the action plan**;
- keep giving the controller;
- watch closely, including the child's breathing at night;
- see a doctor if the reliever helps less and less or is needed more and more often, or if there is fever or the child is unusually unwell;
- call 120 at once for red-zone symptoms.

Antibiotics do not work against cold viruses; leave it to the doctor whether one is needed.`,
  },
};

const emergency: LibraryArticle = {
  slug: 'emergency',
  topic: 'emergency',
  title: { zh: '什么时候必须去急诊或拨打 120', en: 'When to go to the emergency department or call 120' },
  body: {
    zh: `> 出现下列任何一种情况，**立即拨打 120**，不要等待：

- 呼吸非常困难，说话不能成句，或无法说话、无法进食；
- 嘴唇、舌头或指甲发紫、发灰；
- 吸气时肋骨间、锁骨上方或颈部明显凹陷，鼻翼扇动；
- 孩子烦躁不安、异常困倦或意识模糊；
- 喘息声反而消失、胸部几乎听不到声音（这可能非常危险）；
- 使用缓解药物后没有好转，或很快又加重；
- 峰流速低于个人最佳值的 50%（红区）。

## 等待救护车时

1. 保持冷静，安慰孩子；
2. 让孩子**坐直**，身体稍向前倾，不要平躺；
3. **按哮喘行动计划红区的要求使用缓解药物**（医生可能写了在等待期间如何继续用药）；
4. 准备好行动计划、孩子正在使用的所有药物和储雾罐，带去医院。

## 打 120 时说清楚

- 孩子的年龄，“孩子有哮喘，正在发作，呼吸困难”；
- 详细地址和联系电话；
- 已经用了什么药、什么时间用的。

## 需要当天就医（联系医生）

- 黄区症状经过处理后没有好转，或缓解药物需要的次数越来越多；
- 夜里因哮喘反复醒来。

每次急诊或住院后，请在 **7 天内**回到社区卫生服务中心或医院复诊，医生会重新评估治疗和行动计划。`,
    en: `> If any of the following happens, **call 120 at once** and do not wait:

- breathing is very hard; the child cannot finish a sentence, or cannot speak or eat;
- lips, tongue or fingernails turn blue or grey;
- the skin sucks in between the ribs, above the collarbones or at the neck with each breath; nostrils flare;
- the child is agitated, unusually drowsy or confused;
- the wheeze goes quiet and hardly any sound is heard from the chest (this can be very dangerous);
- the reliever does not help, or the child soon gets worse again;
- peak flow is below 50% of the personal best (red zone).

## While you wait for the ambulance

1. Stay calm and comfort the child;
2. keep the child **sitting upright**, leaning slightly forward; do not lie them flat;
3. **give the reliever as the red zone of the action plan says** (the doctor may have written how to keep giving it while you wait);
4. get the action plan, all the child's medicines and the spacer ready to take to hospital.

## When you call 120, say clearly

- the child's age, and "my child has asthma, is having an attack and is struggling to breathe";
- the full address and a phone number;
- which medicines you have given and when.

## See a doctor the same day (contact the doctor)

- yellow-zone symptoms do not get better with the plan, or the reliever is needed more and more often;
- the child keeps waking at night with asthma.

After any emergency visit or hospital stay, go back to the community health service centre or hospital **within 7 days**: the doctor will review the treatment and the action plan.`,
  },
};

export const ARTICLE_LIBRARY: readonly LibraryArticle[] = [
  whatIsAsthma, controllerReliever, inhalerSpacer, peakFlow, actionPlan, triggersHome, triggersOutdoors, school, exercise, coldsFlu, emergency,
];
