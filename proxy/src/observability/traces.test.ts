import { describe, expect, it } from 'vitest';
import { traceAllowed } from './traces.ts';

describe('traceAllowed', () => {
  const token = Buffer.from('s3cret-token');

  it('traces loopback clients with or without a token', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(traceAllowed(ip, undefined, undefined)).toBe(true);
      expect(traceAllowed(ip, 'wrong', token)).toBe(true);
    }
  });

  it('traces another host only with the exact token', () => {
    expect(traceAllowed('10.1.2.3', 's3cret-token', token)).toBe(true);
    expect(traceAllowed('2001:db8::1', 's3cret-token', token)).toBe(true);
    expect(traceAllowed('10.1.2.3', 's3cret-toke', token)).toBe(false);
    expect(traceAllowed('10.1.2.3', 's3cret-tokeN', token)).toBe(false);
    expect(traceAllowed('10.1.2.3', undefined, token)).toBe(false);
    expect(traceAllowed('10.1.2.3', ['s3cret-token', 's3cret-token'], token)).toBe(false);
  });

  it('never traces another host when no token is configured', () => {
    expect(traceAllowed('10.1.2.3', '', undefined)).toBe(false);
    expect(traceAllowed('10.1.2.3', 'anything', undefined)).toBe(false);
  });
});
