// Articles on living with asthma: triggers at home and outdoors, school, exercise, colds, emergencies.
import type { LibraryArticle } from './library';

export const triggersHome: LibraryArticle = {
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

export const triggersOutdoors: LibraryArticle = {
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

export const school: LibraryArticle = {
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

export const exercise: LibraryArticle = {
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

export const coldsFlu: LibraryArticle = {
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

export const emergency: LibraryArticle = {
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

每次急诊、住院或出院后，请在 **2 个工作日内**回到社区卫生服务中心或医院复诊，医生会重新评估治疗和行动计划。如孩子再次出现危险征象，不要等复诊，立即拨打 120。`,
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

After any emergency visit, admission or discharge, go back to the community health service centre or hospital **within 2 working days**: the doctor will review the treatment and the action plan. If a danger sign comes back, do not wait for the review: call 120.`,
  },
};
