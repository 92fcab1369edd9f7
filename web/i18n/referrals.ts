import { defineMessages } from './define';

export const referrals = defineMessages({ 'referrals.title': '双向转诊' }, { 'referrals.title': 'Two-way referrals' });
