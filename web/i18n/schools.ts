import { defineMessages } from './define';

export const schools = defineMessages({ 'schools.title': '学校急救能力' }, { 'schools.title': 'School first-aid capability' });
