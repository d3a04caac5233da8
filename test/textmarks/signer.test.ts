// The \s signer hook: the built-in test signer against a vector computed by hand
// (echo -n "MOCKTM|15550000001|SUB" | openssl dgst -sha256 -hmac "tok_r1_1"), the mock's default
// convention agrees with it, and loadSigner() resolves the built-in name, loads a module by path and
// refuses one without sign()/trigger().
import { describe, expect, test } from 'vitest';
import { signature } from '../../mocks/textmarks/index.ts';
import { loadSigner } from '../../suites/textmarks/signer.ts';
import { sign } from '../../suites/textmarks/signers/hmac-sha256.ts';

const VECTOR = '7d9cb94593312666e27064eec9b665b974980dbb8b59f096da4451bc55153b20';
const input = {
  privateToken: 'tok_r1_1',
  tm: 'MOCKTM',
  phone: '15550000001',
  action: 'SUB' as const,
  receivedUrl: '/cb?sig=x',
};

describe('textmarks: \\s signer', () => {
  test('the built-in test signer matches the hand-computed HMAC-SHA256 vector', () => {
    expect(sign(input)).toBe(VECTOR);
    expect(signature('tok_r1_1', 'MOCKTM', '15550000001', 'SUB')).toBe(VECTOR);
    expect(sign({ ...input, action: 'UNSUB' })).not.toBe(VECTOR);
  });

  test('loadSigner resolves the built-in name and loads a module by path relative to the project root', async () => {
    for (const name of ['builtin:hmac-sha256', 'suites/textmarks/signers/hmac-sha256.ts']) {
      const s = await loadSigner(name);
      expect(await s.sign(input)).toBe(VECTOR);
      expect(typeof s.trigger).toBe('function');
    }
    await expect(loadSigner('builtin:md5')).rejects.toThrow(/no such built-in signer/);
  });

  test('the built-in trigger needs groupEventUrl (not applicable without it)', async () => {
    const s = await loadSigner('builtin:hmac-sha256');
    const t = {
      baseUrl: 'http://127.0.0.1:9',
      tm: 'MOCKTM',
      phone: '1',
      action: 'SUB' as const,
      timeoutMs: 100,
    };
    await expect(s.trigger({ ...t, config: {} })).rejects.toMatchObject({
      name: 'NotApplicable',
      needs: 'groupEventUrl',
    });
  });

  test('loadSigner refuses a module without sign() and trigger()', async () => {
    await expect(loadSigner('suites/textmarks/config.ts')).rejects.toThrow(
      /exports no sign\(\) and trigger\(\)/,
    );
  });
});
