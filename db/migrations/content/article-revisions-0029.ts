// Article revisions after migration 0006 (inhaler-and-spacer: step up only after technique and
// adherence are checked; emergency: the review within 2 working days). Each replaces a body only
// where the database still holds a text it supersedes (by SHA-256), never a locally edited one.
// Data only: imports nothing.
export interface ArticleRevision {
  slug: string;
  replaces: readonly { zh: string; en: string }[];
  body: { zh: string; en: string };
}

export const ARTICLE_REVISIONS_0029: readonly ArticleRevision[] = [
  {
    slug: "inhaler-and-spacer",
    replaces: [
      { zh: 'b951aaa5a33d189bf30526186e717fcb9656c2e8d37b72e8a81d8d9e2784fb44', en: '47269cb864ca0da756cdbbb096a10ff44761bd717695182e850d5f4d1775b966' },
    ],
    body: {
      zh: "压力定量吸入器（“喷雾”）配合**储雾罐**使用，药物能更多地进入肺里，儿童都应这样用。约 4 岁以下的孩子用带**面罩**的储雾罐；约 4 岁起，多数孩子能用嘴唇包紧咬嘴，改用带**咬嘴**的储雾罐（请医生或护士看一看孩子能否做到）。\n\n![用储雾罐吸药的四个步骤](/static/app/articles/spacer-steps.svg)\n\n## 步骤\n\n1. 取下吸入器的盖子，检查喷口是否干净，药物是否在有效期内。\n2. **摇匀**吸入器（上下摇动约 5 次）。\n3. 把吸入器插入储雾罐的接口。\n4. 孩子坐直或站直，先轻轻呼气。\n5. 把储雾罐的咬嘴放进嘴里、用嘴唇包紧（或把面罩紧扣住口鼻，不留缝隙）。\n6. **按压吸入器一次**，把一喷药喷进储雾罐。\n7. 让孩子通过储雾罐**慢慢地平静呼吸约 4 到 6 次**（戴面罩时保持至少 30 秒）；能做到的大孩子也可以深吸一口气，屏气约 10 秒。\n8. 如果医生要求吸第二喷，**每次只喷一下**，重新摇匀后再重复第 4 到 7 步。\n9. 吸入激素类控制药物后，漱口或喝水。\n\n## 常见错误\n\n- 一次按好几下：药物会粘在储雾罐壁上，吸进去的反而少。\n- 没有摇匀，或按压后等太久才吸。\n- 嘴唇或面罩漏气。\n- 孩子哭闹时吸药：哭的时候吸入的药很少，尽量安抚后再用。\n\n## 储雾罐的清洁\n\n大约每月清洗一次：用温水加少量洗洁精浸泡，**不要擦拭内壁**，清水冲洗后自然晾干（这样能减少静电）。有裂缝或阀门损坏时请更换。\n\n## 干粉吸入器\n\n大一些的孩子可能使用干粉吸入器（不用储雾罐）：要**快速、用力、深深地吸气**，吸完后不要对着吸入器呼气。每种干粉吸入器的装药方法不同，请按说明书和医生、护士的示范操作。\n\n> 每次随访请带上吸入器和储雾罐，让医生或护士看看孩子的方法，随时纠正。",
      en: "A pressurised metered-dose inhaler (\"puffer\") used with a **spacer** gets more medicine into the lungs, and every child should use one this way. Children under about 4 use a spacer with a **face mask**; from about 4, most children can seal their lips around a **mouthpiece** and change to one (ask the doctor or nurse to check that your child can).\n\n![The four steps of using a spacer](/static/app/articles/spacer-steps.svg)\n\n## Steps\n\n1. Take the cap off the inhaler; check the mouthpiece is clean and the medicine in date.\n2. **Shake** the inhaler (about 5 times up and down).\n3. Fit the inhaler into the end of the spacer.\n4. The child sits or stands up straight and breathes out gently.\n5. Put the spacer mouthpiece in the mouth with the lips sealed around it (or press the mask over nose and mouth with no gaps).\n6. **Press the inhaler once** to put one puff into the spacer.\n7. The child **breathes slowly in and out through the spacer about 4 to 6 times** (with a mask, hold it on for at least 30 seconds). Older children who can may instead take one deep breath and hold it for about 10 seconds.\n8. If the doctor prescribed a second puff, **one puff at a time**: shake again and repeat steps 4 to 7.\n9. After an inhaled steroid (controller), rinse the mouth or have a drink.\n\n## Common mistakes\n\n- Several puffs at once: the medicine sticks to the spacer wall and less is breathed in.\n- Not shaking, or waiting too long between the puff and breathing in.\n- Gaps around the lips or the mask.\n- Giving it while the child cries: very little is breathed in while crying, so calm the child first.\n\n## Cleaning the spacer\n\nAbout once a month, soak it in warm water with a little washing-up liquid, **do not wipe the inside**, rinse and let it drip-dry (this cuts down static). Replace it if it is cracked or the valve is damaged.\n\n## Dry-powder inhalers\n\nOlder children may use a dry-powder inhaler (no spacer): breathe in **fast, hard and deep**, and never breathe out into the inhaler. Each type is loaded differently: follow the leaflet and the doctor's or nurse's demonstration.\n\n> Bring the inhaler and spacer to every review so the doctor or nurse can watch your child use them and correct the technique.",
    },
  },
  {
    slug: "emergency",
    replaces: [
      { zh: '9b4f0c94024298107c31b9aa0da76d729b87a0792c1f392e803cb6b722a63085', en: 'a3698e1b22f26c7d1945475f9198e1012f40498b08fca28a126394d0eba18177' },
    ],
    body: {
      zh: "> 出现下列任何一种情况，**立即拨打 120**，不要等待：\n\n- 呼吸非常困难，说话不能成句，或无法说话、无法进食；\n- 嘴唇、舌头或指甲发紫、发灰；\n- 吸气时肋骨间、锁骨上方或颈部明显凹陷，鼻翼扇动；\n- 孩子烦躁不安、异常困倦或意识模糊；\n- 喘息声反而消失、胸部几乎听不到声音（这可能非常危险）；\n- 使用缓解药物后没有好转，或很快又加重；\n- 峰流速低于个人最佳值的 50%（红区）。\n\n## 等待救护车时\n\n1. 保持冷静，安慰孩子；\n2. 让孩子**坐直**，身体稍向前倾，不要平躺；\n3. **按哮喘行动计划红区的要求使用缓解药物**（医生可能写了在等待期间如何继续用药）；\n4. 准备好行动计划、孩子正在使用的所有药物和储雾罐，带去医院。\n\n## 打 120 时说清楚\n\n- 孩子的年龄，“孩子有哮喘，正在发作，呼吸困难”；\n- 详细地址和联系电话；\n- 已经用了什么药、什么时间用的。\n\n## 需要当天就医（联系医生）\n\n- 黄区症状经过处理后没有好转，或缓解药物需要的次数越来越多；\n- 夜里因哮喘反复醒来。\n\n每次急诊、住院或出院后，请在 **2 个工作日内**回到社区卫生服务中心或医院复诊，医生会重新评估治疗和行动计划。如孩子再次出现危险征象，不要等复诊，立即拨打 120。",
      en: "> If any of the following happens, **call 120 at once** and do not wait:\n\n- breathing is very hard; the child cannot finish a sentence, or cannot speak or eat;\n- lips, tongue or fingernails turn blue or grey;\n- the skin sucks in between the ribs, above the collarbones or at the neck with each breath; nostrils flare;\n- the child is agitated, unusually drowsy or confused;\n- the wheeze goes quiet and hardly any sound is heard from the chest (this can be very dangerous);\n- the reliever does not help, or the child soon gets worse again;\n- peak flow is below 50% of the personal best (red zone).\n\n## While you wait for the ambulance\n\n1. Stay calm and comfort the child;\n2. keep the child **sitting upright**, leaning slightly forward; do not lie them flat;\n3. **give the reliever as the red zone of the action plan says** (the doctor may have written how to keep giving it while you wait);\n4. get the action plan, all the child's medicines and the spacer ready to take to hospital.\n\n## When you call 120, say clearly\n\n- the child's age, and \"my child has asthma, is having an attack and is struggling to breathe\";\n- the full address and a phone number;\n- which medicines you have given and when.\n\n## See a doctor the same day (contact the doctor)\n\n- yellow-zone symptoms do not get better with the plan, or the reliever is needed more and more often;\n- the child keeps waking at night with asthma.\n\nAfter any emergency visit, admission or discharge, go back to the community health service centre or hospital **within 2 working days**: the doctor will review the treatment and the action plan. If a danger sign comes back, do not wait for the review: call 120.",
    },
  },
];
