import type { Db } from '../../db/connection';
import type { SchoolTable } from '../../db/schema';
import { hospital, pudongCentres } from '../reference/pudong-centres';
import type { Random } from './random';

export interface SeededReference {
  hospitalId: string;
  centreIds: string[];
  schools: { id: string; kind: SchoolTable['kind']; pupils: number }[];
}

// Fictional school names: a word from each list, so no real school is implied.
const schoolWords = ['晨光', '启明', '育英', '春晖', '明珠', '海帆', '青枫', '星河', '彩虹', '蓝天', '新苗', '阳光'];
const schoolKinds: { kind: SchoolTable['kind']; suffix: string; pupils: [number, number] }[] = [
  { kind: 'kindergarten', suffix: '幼儿园', pupils: [150, 420] },
  { kind: 'primary', suffix: '小学', pupils: [300, 1500] },
  { kind: 'middle', suffix: '中学', pupils: [400, 1300] },
];

export async function seedReference(db: Db, rnd: Random, now: string): Promise<SeededReference> {
  const hospitalId = rnd.uuid();
  await db.insertInto('centers').values({ id: hospitalId, name: hospital.name, name_en: hospital.nameEn, kind: 'hospital', district: 'pudong', street: hospital.street, created_at: now }).execute();
  const centreIds: string[] = [];
  for (const centre of pudongCentres) {
    const id = rnd.uuid();
    centreIds.push(id);
    await db.insertInto('centers').values({ id, name: centre.name, name_en: centre.nameEn, kind: 'community', district: 'pudong', street: centre.street, created_at: now }).execute();
  }
  const schools: SeededReference['schools'] = [];
  for (let i = 0; i < 36; i++) {
    const spec = schoolKinds[i % schoolKinds.length]!;
    const word = schoolWords[i % schoolWords.length]!;
    const round = Math.floor(i / schoolWords.length);
    const id = rnd.uuid();
    const pupils = rnd.int(spec.pupils[0], spec.pupils[1]);
    schools.push({ id, kind: spec.kind, pupils });
    await db
      .insertInto('schools')
      .values({ id, name: `浦东新区${word}${round ? ['', '第二', '第三'][round] : ''}${spec.suffix}（演示）`, kind: spec.kind, district: 'pudong', pupils, campuses: pupils > 1200 ? 2 : 1, created_at: now })
      .execute();
  }
  return { hospitalId, centreIds, schools };
}
