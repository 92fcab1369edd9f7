// The community health service centres of Pudong (reference data for the demo), and the hospital.
export interface CentreRef {
  name: string;
  nameEn: string;
  street: string;
  streetEn: string;
}

export const hospital: CentreRef = { name: '上海儿童医学中心', nameEn: "Shanghai Children's Medical Center", street: '东明路街道', streetEn: 'Dongming Road Subdistrict' };

export const pudongCentres: CentreRef[] = [
  { name: '潍坊社区卫生服务中心', nameEn: 'Weifang Community Health Service Center', street: '潍坊新村街道', streetEn: 'Weifang Xincun Subdistrict' },
  { name: '陆家嘴社区卫生服务中心', nameEn: 'Lujiazui Community Health Service Center', street: '陆家嘴街道', streetEn: 'Lujiazui Subdistrict' },
  { name: '周家渡社区卫生服务中心', nameEn: 'Zhoujiadu Community Health Service Center', street: '周家渡街道', streetEn: 'Zhoujiadu Subdistrict' },
  { name: '塘桥社区卫生服务中心', nameEn: 'Tangqiao Community Health Service Center', street: '塘桥街道', streetEn: 'Tangqiao Subdistrict' },
  { name: '上钢社区卫生服务中心', nameEn: 'Shanggang Community Health Service Center', street: '上钢新村街道', streetEn: 'Shanggang Xincun Subdistrict' },
  { name: '南码头社区卫生服务中心', nameEn: 'Nanmatou Community Health Service Center', street: '南码头路街道', streetEn: 'Nanmatou Road Subdistrict' },
  { name: '沪东社区卫生服务中心', nameEn: 'Hudong Community Health Service Center', street: '沪东新村街道', streetEn: 'Hudong Xincun Subdistrict' },
  { name: '金杨社区卫生服务中心', nameEn: 'Jinyang Community Health Service Center', street: '金杨新村街道', streetEn: 'Jinyang Xincun Subdistrict' },
  { name: '洋泾社区卫生服务中心', nameEn: 'Yangjing Community Health Service Center', street: '洋泾街道', streetEn: 'Yangjing Subdistrict' },
  { name: '浦兴社区卫生服务中心', nameEn: 'Puxing Community Health Service Center', street: '浦兴路街道', streetEn: 'Puxing Road Subdistrict' },
  { name: '东明社区卫生服务中心', nameEn: 'Dongming Community Health Service Center', street: '东明路街道', streetEn: 'Dongming Road Subdistrict' },
  { name: '花木社区卫生服务中心', nameEn: 'Huamu Community Health Service Center', street: '花木街道', streetEn: 'Huamu Subdistrict' },
  { name: '川沙社区卫生服务中心', nameEn: 'Chuansha Community Health Service Center', street: '川沙新镇', streetEn: 'Chuansha Town' },
  { name: '高桥社区卫生服务中心', nameEn: 'Gaoqiao Community Health Service Center', street: '高桥镇', streetEn: 'Gaoqiao Town' },
  { name: '北蔡社区卫生服务中心', nameEn: 'Beicai Community Health Service Center', street: '北蔡镇', streetEn: 'Beicai Town' },
  { name: '唐镇社区卫生服务中心', nameEn: 'Tangzhen Community Health Service Center', street: '唐镇', streetEn: 'Tangzhen Town' },
  { name: '曹路社区卫生服务中心', nameEn: 'Caolu Community Health Service Center', street: '曹路镇', streetEn: 'Caolu Town' },
  { name: '金桥社区卫生服务中心', nameEn: 'Jinqiao Community Health Service Center', street: '金桥镇', streetEn: 'Jinqiao Town' },
  { name: '高行社区卫生服务中心', nameEn: 'Gaohang Community Health Service Center', street: '高行镇', streetEn: 'Gaohang Town' },
  { name: '张江社区卫生服务中心', nameEn: 'Zhangjiang Community Health Service Center', street: '张江镇', streetEn: 'Zhangjiang Town' },
  { name: '三林社区卫生服务中心', nameEn: 'Sanlin Community Health Service Center', street: '三林镇', streetEn: 'Sanlin Town' },
  { name: '康桥社区卫生服务中心', nameEn: 'Kangqiao Community Health Service Center', street: '康桥镇', streetEn: 'Kangqiao Town' },
  { name: '周浦社区卫生服务中心', nameEn: 'Zhoupu Community Health Service Center', street: '周浦镇', streetEn: 'Zhoupu Town' },
  { name: '惠南社区卫生服务中心', nameEn: 'Huinan Community Health Service Center', street: '惠南镇', streetEn: 'Huinan Town' },
];
