import { generatePassword, hashPassword, verifyPassword } from './password-hash';

describe('password hashes', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', stored)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('never matches a malformed hash', async () => {
    for (const stored of [
      '',
      'scrypt$1$2$3',
      'bcrypt$a$b$c$d$e',
      'scrypt$x$8$1$c2FsdA$aGFzaA',
      `scrypt$${2 ** 24}$8$1$c2FsdA$aGFzaA`,
    ]) {
      await expect(verifyPassword('anything', stored)).resolves.toBe(false);
    }
  });

  it('generates 20-character passwords without look-alike characters', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(password).not.toMatch(/[01lIoO]/);
    expect(generatePassword()).not.toBe(password);
  });
});
