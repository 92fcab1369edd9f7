// The 16 districts of Shanghai with the centroid each weather request is made for (docs/asthma-index.md).

export const DISTRICT_CODES = ['huangpu', 'xuhui', 'changning', 'jingan', 'putuo', 'hongkou', 'yangpu', 'minhang', 'baoshan', 'jiading', 'pudong', 'jinshan', 'songjiang', 'qingpu', 'fengxian', 'chongming'] as const;

export type DistrictCode = (typeof DISTRICT_CODES)[number];

export interface District {
  code: DistrictCode;
  name: { zh: string; en: string };
  lat: number;
  lon: number;
}

export const DISTRICTS: readonly District[] = [
  { code: 'huangpu', name: { zh: '黄浦区', en: 'Huangpu' }, lat: 31.23, lon: 121.48 },
  { code: 'xuhui', name: { zh: '徐汇区', en: 'Xuhui' }, lat: 31.19, lon: 121.44 },
  { code: 'changning', name: { zh: '长宁区', en: 'Changning' }, lat: 31.22, lon: 121.42 },
  { code: 'jingan', name: { zh: '静安区', en: "Jing'an" }, lat: 31.23, lon: 121.45 },
  { code: 'putuo', name: { zh: '普陀区', en: 'Putuo' }, lat: 31.25, lon: 121.4 },
  { code: 'hongkou', name: { zh: '虹口区', en: 'Hongkou' }, lat: 31.26, lon: 121.5 },
  { code: 'yangpu', name: { zh: '杨浦区', en: 'Yangpu' }, lat: 31.26, lon: 121.53 },
  { code: 'minhang', name: { zh: '闵行区', en: 'Minhang' }, lat: 31.11, lon: 121.38 },
  { code: 'baoshan', name: { zh: '宝山区', en: 'Baoshan' }, lat: 31.4, lon: 121.49 },
  { code: 'jiading', name: { zh: '嘉定区', en: 'Jiading' }, lat: 31.38, lon: 121.27 },
  { code: 'pudong', name: { zh: '浦东新区', en: 'Pudong New Area' }, lat: 31.22, lon: 121.54 },
  { code: 'jinshan', name: { zh: '金山区', en: 'Jinshan' }, lat: 30.74, lon: 121.34 },
  { code: 'songjiang', name: { zh: '松江区', en: 'Songjiang' }, lat: 31.03, lon: 121.23 },
  { code: 'qingpu', name: { zh: '青浦区', en: 'Qingpu' }, lat: 31.15, lon: 121.12 },
  { code: 'fengxian', name: { zh: '奉贤区', en: 'Fengxian' }, lat: 30.92, lon: 121.47 },
  { code: 'chongming', name: { zh: '崇明区', en: 'Chongming' }, lat: 31.62, lon: 121.4 },
];

export function isDistrictCode(value: string): value is DistrictCode {
  return (DISTRICT_CODES as readonly string[]).includes(value);
}

export function findDistrict(code: string): District | undefined {
  return DISTRICTS.find((d) => d.code === code);
}
