import { defineMessages } from './define';

export const asthmaIndex = defineMessages({ 'index.title': '儿童哮喘气象指数' }, { 'index.title': 'Children’s asthma index' });
