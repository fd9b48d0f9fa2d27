import { describe, expect, test } from '@jest/globals';
import { redactUrl } from '../../src/config/urls.js';
import { proxyCredentials, proxyForUrl } from '../../src/net/proxy-for-url.js';

const P = 'http://proxy.district.example:3128';

describe('proxyForUrl: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY', () => {
  test.each([
    ['https URL uses HTTPS_PROXY', 'https://graph.microsoft.com/beta', { HTTPS_PROXY: P }, P],
    ['lower case wins over upper case', 'https://graph.microsoft.com/beta', { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' }, 'http://lower:1'],
    ['http URL uses HTTP_PROXY, not HTTPS_PROXY', 'http://graph.internal:8080/beta', { HTTPS_PROXY: P }, undefined],
    ['http URL with HTTP_PROXY', 'http://graph.internal:8080/beta', { HTTP_PROXY: P }, P],
    ['ALL_PROXY as the fallback', 'https://login.microsoftonline.com/x', { ALL_PROXY: P }, P],
    ['no variable, no proxy', 'https://graph.microsoft.com/beta', {}, undefined],
    ['an empty variable is no proxy', 'https://graph.microsoft.com/beta', { HTTPS_PROXY: ' ' }, undefined],
    ['a proxy without a scheme gets http://', 'https://graph.microsoft.com/beta', { HTTPS_PROXY: 'proxy:3128' }, 'http://proxy:3128'],
    ['NO_PROXY=* turns it off', 'https://graph.microsoft.com/beta', { HTTPS_PROXY: P, NO_PROXY: '*' }, undefined],
    ['an exact host', 'https://graph.microsoft.com/beta', { HTTPS_PROXY: P, NO_PROXY: 'graph.microsoft.com' }, undefined],
    ['a parent domain covers subdomains', 'https://graph.microsoft.com/beta', { HTTPS_PROXY: P, NO_PROXY: 'microsoft.com' }, undefined],
    ['a leading dot: subdomains only', 'https://microsoft.com/', { HTTPS_PROXY: P, NO_PROXY: '.microsoft.com' }, P],
    ['a leading dot matches a subdomain', 'https://graph.microsoft.com/', { HTTPS_PROXY: P, NO_PROXY: '.microsoft.com' }, undefined],
    ['*.domain matches a subdomain', 'https://graph.microsoft.com/', { HTTPS_PROXY: P, NO_PROXY: '*.microsoft.com' }, undefined],
    ['a lookalike is not a subdomain', 'https://evilmicrosoft.com/', { HTTPS_PROXY: P, NO_PROXY: 'microsoft.com' }, P],
    ['a list with spaces and commas', 'https://login.microsoftonline.com/', { HTTPS_PROXY: P, no_proxy: 'localhost, 127.0.0.1 login.microsoftonline.com' }, undefined],
    ['a matching port', 'https://graph.internal:8443/', { HTTPS_PROXY: P, NO_PROXY: 'graph.internal:8443' }, undefined],
    ['another port does not match', 'https://graph.internal:9443/', { HTTPS_PROXY: P, NO_PROXY: 'graph.internal:8443' }, P],
    ['the default port counts', 'https://graph.microsoft.com/', { HTTPS_PROXY: P, NO_PROXY: 'graph.microsoft.com:443' }, undefined],
    ['IPv6 loopback', 'http://[::1]:8080/', { HTTP_PROXY: P, NO_PROXY: '::1' }, undefined],
    ['case-insensitive hosts', 'https://GRAPH.microsoft.com/', { HTTPS_PROXY: P, NO_PROXY: 'Graph.Microsoft.COM' }, undefined],
  ])('%s', (_name, url, env, expected) => {
    expect(proxyForUrl(url, env)).toBe(expected);
  });

  test.each(['http://127.0.0.1:8080/beta', 'http://localhost:8080/beta', 'http://[::1]:8080/beta', 'https://localhost:8443/beta', 'https://127.0.0.1/'])(
    'a loopback target never goes through a proxy, whatever the environment says: %s',
    (url) => {
      expect(proxyForUrl(url, { HTTP_PROXY: P, HTTPS_PROXY: P, ALL_PROXY: P })).toBeUndefined();
    },
  );
});

describe('proxy credentials for the scrubber', () => {
  test('the password as written and decoded, and user:password, from every proxy variable', () => {
    expect(proxyCredentials({ HTTPS_PROXY: 'http://district:Pr%40xy-Pass@proxy.example:3128' })).toEqual([
      'Pr%40xy-Pass',
      'Pr@xy-Pass',
      'district:Pr@xy-Pass',
      'district:Pr%40xy-Pass',
    ]);
    expect(proxyCredentials({ http_proxy: 'http://u:p@ss@proxy:1' })).toEqual(['p@ss', 'p@ss', 'u:p@ss', 'u:p@ss']);
    expect(proxyCredentials({ ALL_PROXY: 'http://proxy:1', HTTPS_PROXY: 'http://user@proxy:1' })).toEqual([]);
  });

  test('redactUrl masks a password with an unencoded "@" whole', () => {
    expect(redactUrl('http://district:Pr0xy@Pass@127.0.0.1:3128')).toBe('http://district:********@127.0.0.1:3128');
    expect(redactUrl('http://district:secret@proxy:3128/path@x')).toBe('http://district:********@proxy:3128/path@x');
    expect(redactUrl('http://proxy:3128')).toBe('http://proxy:3128');
  });
});
