import assert from 'node:assert/strict';
import { bypassProxy, describeProxy, proxyFor, proxyPolicy } from '../../../client/src/backends/common/proxy';

describe('proxy policy (VS Code settings, else the environment)', () => {
  it('http.proxy wins over the environment, for http and https targets alike', () => {
    const p = proxyPolicy({ proxy: ' http://vs:8080 ', noProxy: [] }, { HTTPS_PROXY: 'http://env:1', HTTP_PROXY: 'http://env:2' });
    assert.equal(proxyFor(p, 'https://k8s.example:6443')?.host, 'vs:8080');
    assert.equal(proxyFor(p, 'http://mlrun.example')?.host, 'vs:8080');
  });

  it('without it: HTTPS_PROXY (else HTTP_PROXY) for https, HTTP_PROXY for http, lower-case names too', () => {
    assert.equal(proxyFor(proxyPolicy({}, { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:2' }), 'https://a')?.host, 's:1');
    assert.equal(proxyFor(proxyPolicy({}, { http_proxy: 'http://h:2' }), 'https://a')?.host, 'h:2');
    assert.equal(proxyFor(proxyPolicy({}, { HTTPS_PROXY: 'http://s:1' }), 'http://a'), undefined);
    assert.equal(proxyFor(proxyPolicy({}, { https_proxy: 'proxy.corp:3128' }), 'https://a')?.href, 'http://proxy.corp:3128/', 'a bare host:port means http://');
    assert.equal(proxyFor(proxyPolicy({}, {}), 'https://a'), undefined);
  });

  it('http.noProxy and NO_PROXY: exact names, .suffix, *.suffix, *; bracketed IPv6', () => {
    const p = proxyPolicy({ proxy: 'http://p:1', noProxy: ['internal.corp', '*.svc'] }, { NO_PROXY: '.local, 127.0.0.1,::1' });
    assert.deepEqual(p.noProxy, ['internal.corp', '*.svc', '.local', '127.0.0.1', '::1']);
    for (const direct of ['https://internal.corp', 'https://api.svc', 'https://svc', 'https://x.local', 'https://127.0.0.1:6443', 'https://[::1]:8443']) {
      assert.equal(proxyFor(p, direct), undefined, direct);
    }
    assert.equal(proxyFor(p, 'https://notinternal.corp')?.host, 'p:1');
    assert.ok(bypassProxy('anything', ['*']));
  });

  it('an unusable proxy URL means direct (never a half-parsed host); logs name the proxy without its credentials', () => {
    assert.equal(proxyFor(proxyPolicy({ proxy: 'socks5://s:1' }, {}), 'https://a'), undefined);
    assert.equal(proxyFor(proxyPolicy({ proxy: 'http://[bad' }, {}), 'https://a'), undefined);
    assert.equal(describeProxy(new URL('http://user:pw-canary@p:1')), 'http://p:1');
  });
});
