/**
 * Test PKI for every double (never shipped): a generated CA, a server certificate for 127.0.0.1 / ::1 /
 * localhost (plus any DNS names a double is reached by, e.g. the Azure doubles' `*.vault.localhost`), and client
 * certificates signed by the same CA (the Kubernetes double maps a client certificate's CN to a user and its O
 * entries to groups, as the real API server does). Nothing is written to disk unless a caller asks for it.
 *
 * Keys come from Node's `crypto.generateKeyPairSync` (fast); node-forge only builds and signs the X.509 structures.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export interface CertificateAuthority extends KeyPairPem {
  /** Issues a certificate signed by this CA. */
  issue(options: IssueOptions): KeyPairPem;
}

export interface IssueOptions {
  commonName: string;
  /** Subject O entries (Kubernetes reads them as groups). */
  organizations?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  server?: boolean;
  client?: boolean;
  /** Validity; defaults to 1 day back .. 10 years ahead. Use a past `notAfter` for an expired certificate. */
  notBefore?: Date;
  notAfter?: Date;
}

export interface TestTls {
  ca: CertificateAuthority;
  /** PEM of the CA certificate: what a client trusts. */
  caPem: string;
  /** Server certificate for localhost, 127.0.0.1 and ::1 (and the extra DNS names asked for). */
  server: KeyPairPem;
}

export interface TestTlsOptions {
  /** Common name of the CA. */
  caName?: string;
  /** DNS names (wildcards allowed) the server certificate covers besides `localhost`. */
  dnsNames?: string[];
}

function newKeyPair(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { publicPem: publicKey, privatePem: privateKey };
}

function serial(): string {
  // Positive, 16 bytes: the high bit cleared so DER does not read it as negative.
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

function defaultValidity(cert: forge.pki.Certificate, notBefore?: Date, notAfter?: Date): void {
  const now = Date.now();
  cert.validity.notBefore = notBefore ?? new Date(now - 24 * 3600 * 1000);
  cert.validity.notAfter = notAfter ?? new Date(now + 10 * 365 * 24 * 3600 * 1000);
}

/** A new self-signed certificate authority. */
export function createCertificateAuthority(commonName = 'mlrun-secrets test CA'): CertificateAuthority {
  const keys = newKeyPair();
  const publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  const privateKey = forge.pki.privateKeyFromPem(keys.privatePem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  defaultValidity(cert);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);

  return {
    certPem,
    keyPem: keys.privatePem,
    issue(options: IssueOptions): KeyPairPem {
      const leafKeys = newKeyPair();
      const leaf = forge.pki.createCertificate();
      leaf.publicKey = forge.pki.publicKeyFromPem(leafKeys.publicPem);
      leaf.serialNumber = serial();
      defaultValidity(leaf, options.notBefore, options.notAfter);
      const attrs: forge.pki.CertificateField[] = [{ name: 'commonName', value: options.commonName }];
      for (const o of options.organizations ?? []) attrs.push({ name: 'organizationName', value: o });
      leaf.setSubject(attrs);
      leaf.setIssuer(cert.subject.attributes);
      const altNames: { type: number; value?: string; ip?: string }[] = [];
      for (const d of options.dnsNames ?? []) altNames.push({ type: 2, value: d });
      for (const ip of options.ipAddresses ?? []) altNames.push({ type: 7, ip });
      const extensions: object[] = [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: options.server ?? false, clientAuth: options.client ?? false },
        { name: 'authorityKeyIdentifier', keyIdentifier: cert.generateSubjectKeyIdentifier().getBytes() },
      ];
      if (altNames.length) extensions.push({ name: 'subjectAltName', altNames });
      leaf.setExtensions(extensions);
      leaf.sign(privateKey, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(leaf), keyPem: leafKeys.privatePem };
    },
  };
}

/** A CA plus a loopback server certificate. Takes ~100 ms. */
export function createTestTls(options: TestTlsOptions = {}): TestTls {
  const ca = createCertificateAuthority(options.caName);
  const server = ca.issue({
    commonName: 'localhost',
    dnsNames: [...new Set(['localhost', ...(options.dnsNames ?? [])])],
    ipAddresses: ['127.0.0.1', '::1'],
    server: true,
  });
  return { ca, caPem: ca.certPem, server };
}

let shared: TestTls | undefined;

/** One PKI per process (generating RSA keys costs a little; most tests can share it). */
export function sharedTestTls(): TestTls {
  shared ??= createTestTls();
  return shared;
}
