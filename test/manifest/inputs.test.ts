import { describe, expect, it } from 'vitest';
import { ManifestInputError, readManifestInputs } from '../../scripts/manifest/index.js';
import { APP_ID, CLIENT_ID } from './helpers.js';

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    readManifestInputs(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestInputError);
    return (error as Error).message;
  }
  throw new Error('expected the inputs to be refused');
}

describe('manifest inputs', () => {
  it('take the ids and the https base URL, without a trailing slash', () => {
    expect(
      readManifestInputs({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://bot.contoso.com:8443/defbot/' }),
    ).toEqual({
      appId: APP_ID,
      signInClientId: APP_ID,
      publicUrl: 'https://bot.contoso.com:8443/defbot',
      publicHost: 'bot.contoso.com:8443',
    });
    expect(
      readManifestInputs({
        MICROSOFT_APP_ID: APP_ID,
        PUBLIC_URL: 'https://bot.contoso.com',
        AZURE_CLIENT_ID: CLIENT_ID,
      }).signInClientId,
    ).toBe(CLIENT_ID);
    expect(
      readManifestInputs({
        MICROSOFT_APP_ID: APP_ID,
        PUBLIC_URL: 'https://bot.contoso.com',
        AZURE_CLIENT_ID: '',
      }).signInClientId,
    ).toBe(APP_ID);
  });

  it('name every missing or invalid variable', () => {
    const missing = errorOf({});
    expect(missing).toMatch(/MICROSOFT_APP_ID is required/);
    expect(missing).toMatch(/PUBLIC_URL is required/);
    expect(errorOf({ MICROSOFT_APP_ID: 'defbot', PUBLIC_URL: 'https://bot.contoso.com' })).toMatch(
      /MICROSOFT_APP_ID must be a GUID/,
    );
    expect(errorOf({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'http://bot.contoso.com' })).toMatch(
      /PUBLIC_URL must use https/,
    );
    expect(errorOf({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'bot.contoso.com' })).toMatch(
      /PUBLIC_URL must be an absolute URL/,
    );
    expect(errorOf({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://bot.contoso.com/?a=1' })).toMatch(
      /no query/,
    );
    expect(
      errorOf({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://bot.contoso.com', AZURE_CLIENT_ID: 'x' }),
    ).toMatch(/AZURE_CLIENT_ID must be a GUID/);
  });
});
