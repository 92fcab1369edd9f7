import { defineMessages } from './define';

export const familyApp = defineMessages({ 'app.actionPlan': '哮喘行动计划' }, { 'app.actionPlan': 'Asthma action plan' });
