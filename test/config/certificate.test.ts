// The client certificate file is checked at boot: readable, PEM key + certificate, matching.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { encryptedPem, problemAbout, selfSignedPem, tempDir } from './helpers.js';

const files = tempDir();
let pair: { certPem: string; keyPem: string };
let other: { certPem: string; keyPem: string };

beforeAll(async () => {
  [pair, other] = await Promise.all([selfSignedPem(), selfSignedPem()]);
});
afterAll(() => files.remove());

const ids = {
  AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
  AZURE_CLIENT_ID: '00000000-0000-0000-0000-0000000000c1',
};
const NAME = 'AZURE_CLIENT_CERTIFICATE_PATH';

describe('AZURE_CLIENT_CERTIFICATE_PATH', () => {
  it('a file with the key and its certificate gives a certificate credential', () => {
    const path = files.write('good.pem', `${pair.keyPem}\n${pair.certPem}`);
    expect(loadConfig({ ...ids, [NAME]: path }).azure?.credential).toEqual({
      kind: 'certificate',
      certificatePath: path,
    });
  });

  it('the certificate is preferred, but setting the secret too is an error telling to pick one', () => {
    const path = files.write('both.pem', `${pair.certPem}\n${pair.keyPem}`);
    expect(problemAbout({ ...ids, [NAME]: path, AZURE_CLIENT_SECRET: 'shh' }, 'AZURE_CLIENT_SECRET')).toMatch(
      /pick one credential/,
    );
  });

  it('a missing file is named with the reason', () => {
    expect(problemAbout({ ...ids, [NAME]: `${files.dir}/absent.pem` }, NAME)).toMatch(
      /cannot read .*absent\.pem \(ENOENT\)/,
    );
  });

  it('a directory is not a readable certificate file', () => {
    expect(problemAbout({ ...ids, [NAME]: files.dir }, NAME)).toMatch(/cannot read/);
  });

  it('a file without a private key is refused', () => {
    const path = files.write('cert-only.pem', pair.certPem);
    expect(problemAbout({ ...ids, [NAME]: path }, NAME)).toMatch(/no PEM private key/);
  });

  it('a file without a certificate is refused', () => {
    const path = files.write('key-only.pem', pair.keyPem);
    expect(problemAbout({ ...ids, [NAME]: path }, NAME)).toMatch(/no PEM certificate/);
  });

  it('an encrypted private key is refused with how to export it', () => {
    const path = files.write('encrypted.pem', `${encryptedPem(pair.keyPem)}\n${pair.certPem}`);
    expect(problemAbout({ ...ids, [NAME]: path }, NAME)).toMatch(/encrypted private key/);
  });

  it('a key that does not belong to the certificate is refused', () => {
    const path = files.write('mismatch.pem', `${other.keyPem}\n${pair.certPem}`);
    expect(problemAbout({ ...ids, [NAME]: path }, NAME)).toMatch(/does not belong to its certificate/);
  });

  it('a damaged PEM block is refused', () => {
    const damaged = pair.certPem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!!!!!!!!!!!!!!!!!');
    const path = files.write('damaged.pem', `${pair.keyPem}\n${damaged}`);
    expect(problemAbout({ ...ids, [NAME]: path }, NAME)).toMatch(/does not parse/);
  });
});
