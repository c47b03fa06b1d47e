import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { checkSecret, md5Crypt, sha1Secret } from './htpasswd.ts';

describe('htpasswd secrets', () => {
  it.each([
    {
      desc: 'apr1 from the Traefik docs (test)',
      password: 'test',
      secret: '$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/',
      ok: true,
    },
    {
      desc: 'apr1 from the Traefik docs (test2)',
      password: 'test2',
      secret: '$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0',
      ok: true,
    },
    {
      desc: 'apr1 wrong password',
      password: 'nope',
      secret: '$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/',
      ok: false,
    },
    {
      desc: 'SHA1 (htpasswd -s)',
      password: 'password',
      secret: '{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=',
      ok: true,
    },
    {
      desc: 'SHA1 wrong password',
      password: 'Password',
      secret: '{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=',
      ok: false,
    },
    {
      desc: 'bcrypt $2y$',
      password: 'secret',
      secret: bcrypt.hashSync('secret', 4).replace(/^\$2[ab]\$/, '$2y$'),
      ok: true,
    },
    { desc: 'bcrypt wrong password', password: 'other', secret: bcrypt.hashSync('secret', 4), ok: false },
    { desc: 'plain text never matches', password: 'test', secret: 'test', ok: false },
  ])('$desc', ({ password, secret, ok }) => {
    expect(checkSecret(password, secret)).toBe(ok);
  });

  it('md5Crypt with the original $1$ magic matches openssl passwd -1', () => {
    // openssl passwd -1 -salt saltsalt password.
    expect(md5Crypt('password', 'saltsalt', '$1$')).toBe('$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/');
  });

  it('sha1Secret is htpasswd -s', () => {
    expect(sha1Secret('password')).toBe('{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=');
  });
});
