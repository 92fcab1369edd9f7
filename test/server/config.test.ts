import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config';

describe('configuration from the environment', () => {
  it('takes a VAPID contact as a mailto: address or an https: URL, and names the variable otherwise', () => {
    expect(parseConfig({}).VAPID_SUBJECT).toBeUndefined();
    expect(parseConfig({ VAPID_SUBJECT: 'mailto:asthma@scmc.example.cn' }).VAPID_SUBJECT).toBe('mailto:asthma@scmc.example.cn');
    expect(parseConfig({ VAPID_SUBJECT: 'https://asthma.example.cn/contact' }).VAPID_SUBJECT).toBe('https://asthma.example.cn/contact');
    for (const bad of ['asthma@scmc.example.cn', 'mailto:nobody', 'http://asthma.example.cn', 'https://']) {
      expect(() => parseConfig({ VAPID_SUBJECT: bad }), bad).toThrow(ConfigError);
      expect(() => parseConfig({ VAPID_SUBJECT: bad }), bad).toThrow(/VAPID_SUBJECT/);
    }
  });

  it('refuses a port out of range, naming it', () => {
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
